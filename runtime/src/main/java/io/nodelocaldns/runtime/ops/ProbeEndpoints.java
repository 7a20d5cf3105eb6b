package io.nodelocaldns.runtime.ops;

import io.nodelocaldns.runtime.health.HealthConfig;
import io.nodelocaldns.runtime.plugin.ServerConfig;
import io.nodelocaldns.runtime.prometheus.PrometheusConfig;
import io.nodelocaldns.runtime.ready.ReadyConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The {@code health} and {@code ready} directives of a Corefile put to work: {@code /health} and
 * {@code /ready} on every address they name (once per address however many blocks name it, as in
 * CoreDNS the endpoints are process wide), and the lameduck to wait at shutdown.
 */
public final class ProbeEndpoints {
  public static final String HEALTH_PATH = "/health";
  public static final String READY_PATH = "/ready";

  /**
   * The longest lameduck honoured. Kubernetes kills a pod 30 s after SIGTERM by default, and the
   * runtime promises to exit within 30 s: lameduck plus closing must fit.
   */
  public static final Duration MAX_LAMEDUCK = Duration.ofSeconds(20);

  private static final Logger LOG = Logger.getLogger(ProbeEndpoints.class.getName());

  private ProbeEndpoints() {}

  /** Registers {@code /health} and {@code /ready} for {@code servers} on {@code http}. */
  public static void register(HttpEndpoints http, List<ServerConfig> servers, Readiness readiness) {
    for (InetSocketAddress address : healthAddresses(servers)) {
      http.register(address, HEALTH_PATH, readiness::healthReply);
    }
    for (InetSocketAddress address : readyAddresses(servers)) {
      http.register(address, READY_PATH, readiness::readyReply);
    }
  }

  /** Where {@code /health} is served, each address once, in Corefile order. */
  public static Set<InetSocketAddress> healthAddresses(List<ServerConfig> servers) {
    Set<InetSocketAddress> addresses = new LinkedHashSet<>();
    servers.forEach(s -> s.get(HealthConfig.class).ifPresent(h -> addresses.add(h.address())));
    return addresses;
  }

  /** Where {@code /ready} is served, each address once, in Corefile order. */
  public static Set<InetSocketAddress> readyAddresses(List<ServerConfig> servers) {
    Set<InetSocketAddress> addresses = new LinkedHashSet<>();
    servers.forEach(s -> s.get(ReadyConfig.class).ifPresent(r -> addresses.add(r.address())));
    return addresses;
  }

  /**
   * How long to keep serving after SIGTERM: the longest {@code lameduck} of any block (CoreDNS runs
   * one per block; one wait of the longest gives the same guarantee), at most {@link
   * #MAX_LAMEDUCK}.
   */
  public static Duration lameduck(List<ServerConfig> servers) {
    Duration asked = requestedLameduck(servers);
    return asked.compareTo(MAX_LAMEDUCK) > 0 ? MAX_LAMEDUCK : asked;
  }

  /** Logs once per configuration when a lameduck is cut to {@link #MAX_LAMEDUCK}. */
  public static void warnIfTooLong(List<ServerConfig> servers) {
    Duration asked = requestedLameduck(servers);
    if (asked.compareTo(MAX_LAMEDUCK) > 0) {
      LOG.warning(
          () ->
              "plugin/health: lameduck "
                  + asked.toSeconds()
                  + "s is longer than shutdown allows; using "
                  + MAX_LAMEDUCK.toSeconds()
                  + "s");
    }
  }

  /**
   * The HTTP endpoints are bound once, at start (CoreDNS's reload can lose them when a new address
   * fails, see its README's Bugs): logs when a reload names other {@code health}, {@code ready} or
   * {@code prometheus} addresses, which then take effect at the next restart.
   */
  public static void warnIfAddressesChanged(List<ServerConfig> running, List<ServerConfig> next) {
    if (!httpAddresses(running).equals(httpAddresses(next))) {
      LOG.warning(
          "plugin/reload: health, ready and prometheus addresses are bound at start; "
              + "their change takes effect at the next restart");
    }
  }

  private static List<Set<InetSocketAddress>> httpAddresses(List<ServerConfig> servers) {
    Set<InetSocketAddress> prometheus = new LinkedHashSet<>();
    servers.forEach(s -> s.get(PrometheusConfig.class).ifPresent(p -> prometheus.add(p.address())));
    return List.of(healthAddresses(servers), readyAddresses(servers), prometheus);
  }

  private static Duration requestedLameduck(List<ServerConfig> servers) {
    Duration longest = Duration.ZERO;
    for (ServerConfig server : servers) {
      Duration lameduck =
          server.get(HealthConfig.class).map(HealthConfig::lameduck).orElse(Duration.ZERO);
      if (lameduck.compareTo(longest) > 0) {
        longest = lameduck;
      }
    }
    return longest;
  }
}
