package io.nodelocaldns.installer.doctor;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.nodelocaldns.installer.values.CacheMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * IPVS mode: the node's kubelet must hand pods the cache's local IP as their nameserver (its live
 * config, {@code configz}, through the API server).
 */
final class KubeletClusterDnsCheck implements NodeCheck {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public Optional<CheckResult> check(InstalledAgent installed, Pod pod) {
    if (installed.daemonSet().mode() != CacheMode.IPVS) {
      return Optional.empty();
    }
    return Optional.of(check(installed, pod.getSpec().getNodeName(), installed.localIp()));
  }

  private static CheckResult check(InstalledAgent installed, String node, String localIp) {
    String name = "node " + node + " kubelet clusterDNS";
    String unreadable = "kubelet's config (configz) cannot be read";
    String checkByHand = "make sure kubelet's clusterDNS is " + localIp;
    try {
      String configz = installed.client().raw("/api/v1/nodes/" + node + "/proxy/configz");
      if (configz == null) {
        return CheckResult.fail(name, unreadable, checkByHand);
      }
      List<String> dns = new ArrayList<>();
      for (JsonNode ip : JSON.readTree(configz).path("kubeletconfig").path("clusterDNS")) {
        dns.add(ip.asString());
      }
      if (dns.contains(localIp)) {
        return CheckResult.ok(name, String.join(",", dns));
      }
      return CheckResult.fail(
          name,
          "is "
              + (dns.isEmpty() ? "empty" : String.join(",", dns))
              + ", not the cache's "
              + localIp
              + ": pods on this node bypass the cache",
          "IPVS mode needs kubelet clusterDNS="
              + localIp
              + " (Kind: node-local-dns install does it; EKS/other: see the snippets install prints)");
    } catch (KubernetesClientException | JacksonException e) {
      return CheckResult.fail(
          name, unreadable + ": " + e.getMessage().lines().findFirst().orElse(""), checkByHand);
    }
  }
}
