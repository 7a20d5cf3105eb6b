package io.nodelocaldns.installer.doctor;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.nodelocaldns.installer.values.CacheMode;
import io.nodelocaldns.installer.values.IpAddresses;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * IPVS mode: the node's kubelet must hand pods the cache's node-local addresses as their
 * nameservers, both families' on a dual-stack cluster (its live config, {@code configz}, through
 * the API server).
 */
final class KubeletClusterDnsCheck implements NodeCheck {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public Optional<CheckResult> check(InstalledAgent installed, Pod pod) {
    if (installed.daemonSet().mode() != CacheMode.IPVS) {
      return Optional.empty();
    }
    return Optional.of(check(installed, pod.getSpec().getNodeName(), installed.nodeLocalIps()));
  }

  private static CheckResult check(InstalledAgent installed, String node, List<String> cache) {
    String name = "node " + node + " kubelet clusterDNS";
    String unreadable = "kubelet's config (configz) cannot be read";
    String wanted = String.join(",", cache);
    String checkByHand = "make sure kubelet's clusterDNS is " + wanted;
    try {
      String configz = installed.client().raw("/api/v1/nodes/" + node + "/proxy/configz");
      if (configz == null) {
        return CheckResult.fail(name, unreadable, checkByHand);
      }
      List<String> dns = new ArrayList<>();
      for (JsonNode ip : JSON.readTree(configz).path("kubeletconfig").path("clusterDNS")) {
        dns.add(ip.asString());
      }
      List<String> missing = cache.stream().filter(ip -> !IpAddresses.contains(dns, ip)).toList();
      if (missing.isEmpty()) {
        return CheckResult.ok(name, String.join(",", dns));
      }
      String fix =
          "IPVS mode needs kubelet clusterDNS="
              + wanted
              + " (Kind: node-local-dns install does it; EKS/other: see the snippets install prints)";
      String is = "is " + (dns.isEmpty() ? "empty" : String.join(",", dns));
      if (missing.size() == cache.size()) {
        return CheckResult.fail(
            name, is + ", not the cache's " + wanted + ": pods on this node bypass the cache", fix);
      }
      return CheckResult.fail(
          name,
          is
              + ", without the cache's "
              + String.join(",", missing)
              + ": pods on this node ask the cache over one family only",
          fix);
    } catch (KubernetesClientException | JacksonException e) {
      return CheckResult.fail(
          name, unreadable + ": " + e.getMessage().lines().findFirst().orElse(""), checkByHand);
    }
  }
}
