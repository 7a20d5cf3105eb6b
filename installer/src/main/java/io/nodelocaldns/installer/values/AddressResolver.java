package io.nodelocaldns.installer.values;

import io.nodelocaldns.installer.UsageException;
import io.nodelocaldns.installer.discovery.ClusterDiscovery;
import io.nodelocaldns.installer.discovery.KubeDns;
import io.nodelocaldns.installer.discovery.Sourced;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The addresses the cache serves, each from its flag, else from the user's values, else from the
 * kube-dns Service (or a default): the kube-dns ClusterIPs, one per family, and a node-local
 * address for each family, {@code localIP} of {@code kubeDNS.ip}'s family and on a dual-stack
 * cluster {@code localIPv6}. A value of the wrong family is a usage error naming where it came
 * from.
 */
final class AddressResolver {
  private final Supplier<ClusterDiscovery> discovery;

  AddressResolver(Supplier<ClusterDiscovery> discovery) {
    this.discovery = discovery;
  }

  /** What was resolved, each with where it came from; {@code localIpv6} on dual-stack only. */
  record Addresses(
      Sourced<KubeDnsIps> kubeDns, Sourced<String> localIp, Optional<Sourced<String>> localIpv6) {}

  Addresses resolve(ChartRequest request, UserOverrides overrides) {
    Sourced<KubeDnsIps> kubeDns = kubeDnsIps(request, overrides);
    Sourced<String> localIp = localIp(request, overrides, kubeDns.value());
    return new Addresses(
        kubeDns, localIp, localIpv6(request, overrides, kubeDns.value(), localIp.value()));
  }

  /**
   * {@code --kube-dns-ip}; else the user's {@code kubeDNS.ip} (with their {@code kubeDNS.ipv6});
   * else the Service's ClusterIPs, a user's {@code kubeDNS.ipv6} winning over its IPv6 one.
   */
  private Sourced<KubeDnsIps> kubeDnsIps(ChartRequest request, UserOverrides overrides) {
    if (request.kubeDnsIps().isPresent()) {
      return new Sourced<>(request.kubeDnsIps().get(), "--kube-dns-ip");
    }
    Optional<UserOverrides.Sourced> ip = overrides.get("kubeDNS.ip");
    Optional<UserOverrides.Sourced> ipv6 = overrides.get("kubeDNS.ipv6");
    ipv6.ifPresent(v6 -> requireIpv6(v6.value(), v6.source()));
    if (ip.isPresent()) {
      if (!IpAddresses.isIp(ip.get().value())) {
        throw new UsageException(
            ip.get().source() + ": \"" + ip.get().value() + "\" is not an IP address");
      }
      String source = ip.get().source();
      return new Sourced<>(
          pair(ip.get().value(), ipv6),
          source
              + ipv6.map(UserOverrides.Sourced::source)
                  .filter(v6 -> !v6.equals(source))
                  .map(v6 -> ", " + v6)
                  .orElse(""));
    }
    Sourced<KubeDns> kubeDns =
        discovery.get().kubeDns(request.kubeDnsNamespace(), request.kubeDnsName());
    KubeDnsIps found = KubeDnsIps.of(kubeDns.value());
    String source = kubeDns.source() + ", " + kubeDns.value().family();
    if (ipv6.isPresent()) {
      return new Sourced<>(pair(found.ip(), ipv6), source + "; " + ipv6.get().source());
    }
    return new Sourced<>(found, source);
  }

  /** {@code kubeDNS.ip} and the user's {@code kubeDNS.ipv6}, which needs an IPv4 one next to it. */
  private static KubeDnsIps pair(String ip, Optional<UserOverrides.Sourced> ipv6) {
    if (ipv6.isPresent() && IpAddresses.isIpv6(ip)) {
      throw new UsageException(
          ipv6.get().source()
              + ": \""
              + ipv6.get().value()
              + "\" is the IPv6 ClusterIP of a dual-stack cluster, but kubeDNS.ip "
              + ip
              + " is IPv6: an IPv6-only cluster has kubeDNS.ip only");
    }
    return new KubeDnsIps(ip, ipv6.map(UserOverrides.Sourced::value));
  }

  private static void requireIpv6(String ip, String source) {
    if (!IpAddresses.isIp(ip) || !IpAddresses.isIpv6(ip)) {
      throw new UsageException(source + ": \"" + ip + "\" is not an IPv6 address");
    }
  }

  /** Of {@code kubeDNS.ip}'s family: IPv4 unless the cluster is IPv6-only. */
  private Sourced<String> localIp(
      ChartRequest request, UserOverrides overrides, KubeDnsIps kubeDns) {
    Optional<Sourced<String>> given =
        ValuesResolver.given(request.localIp(), "--local-ip", overrides, "localIP");
    if (given.isPresent()) {
      String ip = given.get().value();
      if (!IpAddresses.isIp(ip)) {
        throw new UsageException(given.get().source() + ": \"" + ip + "\" is not an IP address");
      }
      kubeDns
          .localIpProblem(ip, "the kube-dns IP " + kubeDns.text())
          .ifPresent(
              problem -> {
                throw new UsageException(given.get().source() + ": \"" + ip + "\" " + problem);
              });
      return given.get();
    }
    if (kubeDns.ipv6Only()) {
      return new Sourced<>(
          InstallValues.DEFAULT_LOCAL_IPV6, "default for an IPv6-only cluster, a ULA");
    }
    return new Sourced<>(InstallValues.DEFAULT_LOCAL_IP, "default, the upstream one");
  }

  /**
   * The IPv6 node-local address of a dual-stack cluster: given, or by default when kube-dns has an
   * IPv6 ClusterIP next to its IPv4 one; none on an IPv4-only or IPv6-only cluster.
   */
  private Optional<Sourced<String>> localIpv6(
      ChartRequest request, UserOverrides overrides, KubeDnsIps kubeDns, String localIp) {
    Optional<Sourced<String>> given =
        ValuesResolver.given(request.localIpv6(), "--local-ipv6", overrides, "localIPv6");
    if (given.isPresent()) {
      String ip = given.get().value();
      requireIpv6(ip, given.get().source());
      Optional<String> problem =
          IpAddresses.isIpv6(localIp)
              ? Optional.of(
                  "is for a dual-stack cluster, next to an IPv4 local IP; the local IP "
                      + localIp
                      + " is IPv6, the one local address of an IPv6-only cluster")
              : kubeDns.localIpv6Problem("the kube-dns IP " + kubeDns.text());
      problem.ifPresent(
          p -> {
            throw new UsageException(given.get().source() + ": \"" + ip + "\" " + p);
          });
      return given;
    }
    if (kubeDns.ipv6().isPresent()) {
      return Optional.of(
          new Sourced<>(
              InstallValues.DEFAULT_LOCAL_IPV6,
              "default, a ULA, for the IPv6 ClusterIP " + kubeDns.ipv6().get()));
    }
    return Optional.empty();
  }
}
