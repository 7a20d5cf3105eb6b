package io.nodelocaldns.modes.agent;

import io.nodelocaldns.modes.mode.LocalIps;
import io.nodelocaldns.modes.mode.ModeChoice;
import io.nodelocaldns.modes.mode.NodeOptions;
import io.nodelocaldns.modes.node.LinkType;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The agent's command line, converted once: every value typed, every duration a {@link Duration}.
 *
 * @param localIps {@code -localip}; empty only with {@code --mode local}
 * @param conf {@code -conf}: the Corefile the agent writes and serves
 * @param baseCorefile {@code -basecorefile}: the template
 * @param upstreamService {@code -upstreamsvc}: names the env var holding the ClusterIP
 * @param kubeDnsConfigDir {@code -kubednscm}: the kube-dns ConfigMap's mount
 * @param vpcResolver {@code --vpc-resolver}: the eks profile's upstream
 * @param stateDirectory {@code --state-dir}, where warm restarts keep the cache; empty with {@code
 *     --warm-restart=false}
 */
public record AgentConfig(
    Optional<LocalIps> localIps,
    Path conf,
    Path baseCorefile,
    String upstreamService,
    Path kubeDnsConfigDir,
    boolean setupInterface,
    boolean setupIptables,
    boolean skipTeardown,
    Duration syncInterval,
    int healthPort,
    String interfaceName,
    Optional<Path> pidfile,
    ModeChoice mode,
    ProfileName profile,
    InetAddress vpcResolver,
    LinkType linkType,
    boolean dryRun,
    Optional<Path> stateDirectory) {

  /** What local mode serves on when no {@code -localip} is given. */
  static final LocalIps LOOPBACK = new LocalIps(List.of(InetAddress.getLoopbackAddress()));

  /** {@code -localip}, or the loopback address (local mode, which needs none). */
  public LocalIps localIpsOrLoopback() {
    return localIps.orElse(LOOPBACK);
  }

  /** The node-setup flags as the modes take them. */
  public NodeOptions nodeOptions() {
    return new NodeOptions(
        localIpsOrLoopback(), interfaceName, linkType, setupInterface, setupIptables, healthPort);
  }

  /**
   * The env var holding the upstream service's ClusterIP, as Kubernetes names it: {@code
   * kube-dns-upstream} → {@code KUBE_DNS_UPSTREAM_SERVICE_HOST}.
   */
  public String clusterDnsEnvVar() {
    return upstreamService.toUpperCase(Locale.ROOT).replace('-', '_') + "_SERVICE_HOST";
  }
}
