package io.nodelocaldns.modes.template;

import io.nodelocaldns.modes.mode.LocalIps;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where the placeholders' values come from.
 *
 * @param localIps {@code -localip}
 * @param listenAddresses what the mode binds: a ClusterIP not among them is dropped from {@code
 *     bind}
 * @param clusterDnsEnvVar e.g. {@code KUBE_DNS_UPSTREAM_SERVICE_HOST}
 * @param env the process environment (tests pass their own)
 * @param upstreamServers the profile's upstream servers for the node's resolv.conf nameservers;
 *     asked only when the base Corefile has {@code __PILLAR__UPSTREAM__SERVERS__} and the ConfigMap
 *     names no upstream nameservers
 */
public record TemplateValues(
    LocalIps localIps,
    List<InetAddress> listenAddresses,
    String clusterDnsEnvVar,
    Map<String, String> env,
    Supplier<List<InetAddress>> upstreamServers) {
  public TemplateValues {
    listenAddresses = List.copyOf(listenAddresses);
    env = Map.copyOf(env);
  }
}
