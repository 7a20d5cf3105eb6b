package io.nodelocaldns.installer.values;

import io.nodelocaldns.installer.discovery.KubeDns;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kube-dns ClusterIPs the chart is given: {@code kubeDNS.ip}, IPv4 unless the cluster is
 * IPv6-only, and on a dual-stack cluster the IPv6 one, {@code kubeDNS.ipv6}. Made of anything else
 * (no IP literal, or an {@code ipv6} that is not IPv6 next to an IPv4 {@code ip}) it throws an
 * {@link IllegalArgumentException} saying what the text is not.
 */
public record KubeDnsIps(String ip, Optional<String> ipv6) {
  public KubeDnsIps {
    if (!IpAddresses.isIp(ip)) {
      throw new IllegalArgumentException("is not an IP address");
    }
    if (ipv6.isPresent()
        && (!IpAddresses.isIp(ipv6.get())
            || !IpAddresses.isIpv6(ipv6.get())
            || IpAddresses.isIpv6(ip))) {
      throw new IllegalArgumentException("is not an IPv4 and an IPv6 address");
    }
  }

  public static KubeDnsIps of(String ip) {
    return new KubeDnsIps(ip, Optional.empty());
  }

  /**
   * One ClusterIP, or two of different families in either order, comma separated (as the Service's
   * {@code spec.clusterIPs}).
   *
   * @throws IllegalArgumentException saying what the text is not
   */
  public static KubeDnsIps parse(String text) {
    String[] ips = text.split(",", -1);
    if (ips.length == 1) {
      return of(text);
    }
    if (ips.length > 2 || !IpAddresses.isIp(ips[0]) || !IpAddresses.isIp(ips[1])) {
      throw new IllegalArgumentException(
          "is not an IP address or two of different families (as spec.clusterIPs)");
    }
    if (IpAddresses.isIpv6(ips[0]) == IpAddresses.isIpv6(ips[1])) {
      throw new IllegalArgumentException(
          "has two "
              + (IpAddresses.isIpv6(ips[0]) ? "IPv6" : "IPv4")
              + " addresses: a Service has one ClusterIP per family");
    }
    boolean v6First = IpAddresses.isIpv6(ips[0]);
    return new KubeDnsIps(v6First ? ips[1] : ips[0], Optional.of(v6First ? ips[0] : ips[1]));
  }

  /** The Service's ClusterIPs by family: its IPv4 one as {@code ip} whichever is primary. */
  public static KubeDnsIps of(KubeDns service) {
    Optional<String> v4 = service.clusterIp("IPv4");
    Optional<String> v6 = service.clusterIp("IPv6");
    if (v4.isPresent()) {
      return new KubeDnsIps(v4.get(), v6);
    }
    return of(v6.orElse(service.primaryIp()));
  }

  /** An IPv6-only cluster's: its one ClusterIP is IPv6. */
  public boolean ipv6Only() {
    return IpAddresses.isIpv6(ip);
  }

  /** {@code ip}, then {@code ipv6} if there is one. */
  public List<String> all() {
    List<String> all = new ArrayList<>(List.of(ip));
    ipv6.ifPresent(all::add);
    return List.copyOf(all);
  }

  /**
   * Why {@code localIp} cannot be {@code localIP} next to these ClusterIPs, which the message calls
   * {@code named}; empty when it can. {@code localIP} is of {@code kubeDNS.ip}'s family.
   */
  public Optional<String> localIpProblem(String localIp, String named) {
    if (IpAddresses.isIpv6(localIp) == ipv6Only()) {
      return Optional.empty();
    }
    if (ipv6.isPresent()) {
      return Optional.of(
          "is IPv6, but "
              + named
              + " is dual-stack: the local IP is the IPv4 address there, and the IPv6 one is"
              + " --local-ipv6 (localIPv6)");
    }
    return Optional.of("is not the same IP family as " + named);
  }

  /**
   * Why an IPv6 {@code localIPv6} cannot go with these ClusterIPs, which the message calls {@code
   * named}; empty when it can.
   */
  public Optional<String> localIpv6Problem(String named) {
    if (!ipv6Only()) {
      return Optional.empty();
    }
    return Optional.of(
        "is for a dual-stack cluster, next to an IPv4 local IP; "
            + named
            + " is IPv6-only, so its local address is --local-ip (localIP), IPv6 too");
  }

  /** {@code 10.96.0.10} or {@code 10.96.0.10,fd00:10:96::a}. */
  public String text() {
    return String.join(",", all());
  }
}
