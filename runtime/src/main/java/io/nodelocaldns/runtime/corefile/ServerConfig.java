package io.nodelocaldns.runtime.corefile;

import io.nodelocaldns.runtime.bind.BindConfig;
import io.nodelocaldns.runtime.cache.CacheConfig;
import io.nodelocaldns.runtime.errors.ErrorsConfig;
import io.nodelocaldns.runtime.forward.ForwardConfig;
import io.nodelocaldns.runtime.log.LogConfig;
import io.nodelocaldns.runtime.ops.HealthConfig;
import io.nodelocaldns.runtime.ops.LoopConfig;
import io.nodelocaldns.runtime.ops.PrometheusConfig;
import io.nodelocaldns.runtime.ops.ReadyConfig;
import io.nodelocaldns.runtime.ops.ReloadConfig;
import java.util.List;
import java.util.Optional;

/**
 * One server block, understood: the zones it serves on a port, where it listens, and the
 * configuration of each directive it uses.
 *
 * @param zones normalised zones, e.g. {@code ["cluster.local."]} or {@code ["."]}
 * @param port the port every zone of the block is served on
 */
public record ServerConfig(
    List<String> zones,
    int port,
    Location location,
    BindConfig bind,
    Optional<ErrorsConfig> errors,
    Optional<LogConfig> log,
    Optional<CacheConfig> cache,
    Optional<ForwardConfig> forward,
    Optional<PrometheusConfig> prometheus,
    Optional<HealthConfig> health,
    Optional<ReadyConfig> ready,
    Optional<ReloadConfig> reload,
    Optional<LoopConfig> loop) {

  public ServerConfig {
    zones = List.copyOf(zones);
  }
}
