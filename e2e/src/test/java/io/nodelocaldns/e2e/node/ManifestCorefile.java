package io.nodelocaldns.e2e.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The Corefile of the upstream node-local-dns manifest (the seed's, without its debugging {@code
 * log} lines), as a user's {@code sed} leaves it before the agent templates the rest. The agent
 * fills {@code __PILLAR__CLUSTER__DNS__} and {@code __PILLAR__UPSTREAM__SERVERS__} itself.
 */
final class ManifestCorefile {
  static final String RESOURCE = "Corefile.manifest";
  static final String LOCAL_DNS = "__PILLAR__LOCAL__DNS__";
  static final String DNS_DOMAIN = "__PILLAR__DNS__DOMAIN__";
  static final String DNS_SERVER = "__PILLAR__DNS__SERVER__";
  static final String CLUSTER_DNS = "__PILLAR__CLUSTER__DNS__";

  /** The line of the cluster block's {@code success 9984 30}: the one {@link #broken} breaks. */
  static final int CACHE_SUCCESS_LINE = 4;

  private ManifestCorefile() {}

  /** The manifest's Corefile with every {@code __PILLAR__} left in. */
  static String raw() {
    try (InputStream in = ManifestCorefile.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * iptables mode's {@code sed}: {@code s/__PILLAR__LOCAL__DNS__/$localdns/g;
   * s/__PILLAR__DNS__DOMAIN__/$domain/g; s/__PILLAR__DNS__SERVER__/$kubedns/g}.
   */
  static String iptablesMode(String localDns, String domain, String kubeDns) {
    return raw()
        .replace(LOCAL_DNS, localDns)
        .replace(DNS_DOMAIN, domain)
        .replace(DNS_SERVER, kubeDns);
  }

  /**
   * IPVS mode's {@code sed}: the local IP and domain only; {@code s/,__PILLAR__DNS__SERVER__//g}
   * applies to {@code -localip}, so {@code bind LOCAL __PILLAR__DNS__SERVER__} stays for the agent
   * to drop.
   */
  static String ipvsMode(String localDns, String domain) {
    return raw().replace(LOCAL_DNS, localDns).replace(DNS_DOMAIN, domain);
  }

  /**
   * The base Corefile for a dual-stack (or IPv6) node: the manifest's with only {@code
   * s/__PILLAR__DNS__DOMAIN__/$domain/g}. No {@code sed} can write {@code bind} lines and {@code
   * health} for two families (an IPv6 address needs brackets in {@code health ADDR:PORT}, not in
   * {@code bind}), so the agent fills {@value #LOCAL_DNS} and {@value #DNS_SERVER} itself.
   */
  static String dualStack(String domain) {
    return raw().replace(DNS_DOMAIN, domain);
  }

  /**
   * The official IPVS instructions' {@code sed} in full: {@code
   * s/__PILLAR__LOCAL__DNS__/$localdns/g; s/__PILLAR__DNS__DOMAIN__/$domain/g;
   * s/,__PILLAR__DNS__SERVER__//g; s/__PILLAR__CLUSTER__DNS__/$kubedns/g}. The comma rule matches
   * only {@code -localip}, so {@code bind LOCAL __PILLAR__DNS__SERVER__} stays; the cluster zones
   * forward to the kube-dns ClusterIP, i.e. through kube-proxy.
   */
  static String ipvsModeOfficial(String localDns, String domain, String kubeDns) {
    return ipvsMode(localDns, domain).replace("," + DNS_SERVER, "").replace(CLUSTER_DNS, kubeDns);
  }

  /**
   * {@code corefile} with the cluster block's {@code success 9984 30} made {@code success 9984 -5}
   * (on line {@link #CACHE_SUCCESS_LINE}): the runtime refuses a negative TTL.
   */
  static String broken(String corefile) {
    String[] lines = corefile.split("\n", -1);
    String line = lines[CACHE_SUCCESS_LINE - 1];
    if (!line.strip().equals("success 9984 30")) {
      throw new IllegalStateException(
          "line " + CACHE_SUCCESS_LINE + " is not the cache success line: " + line);
    }
    lines[CACHE_SUCCESS_LINE - 1] = line.replace("success 9984 30", "success 9984 -5");
    return String.join("\n", lines);
  }
}
