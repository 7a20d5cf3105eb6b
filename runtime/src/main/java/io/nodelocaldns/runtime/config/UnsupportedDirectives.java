package io.nodelocaldns.runtime.config;

import java.util.Map;
import java.util.Optional;

/**
 * CoreDNS directives met in the NodeLocal DNS Corefiles people run (community charts, kubespray,
 * the AKS and GKE add-ons) that this runtime does not implement, with what to write instead. A node
 * cache answers from memory and forwards the rest; what needs cluster data or zone data belongs in
 * CoreDNS, which the cache forwards cluster names to.
 */
final class UnsupportedDirectives {
  private static final String IN_COREDNS =
      "serve it from CoreDNS and forward the names to it (forward ZONE __PILLAR__CLUSTER__DNS__)";
  private static final String REMOVE_IT = "remove it: it does not change the answers";

  private static final Map<String, String> ALTERNATIVES =
      Map.ofEntries(
          Map.entry(
              "hosts",
              "answer fixed names with template (template IN A NAME { answer \"...\" }), or "
                  + IN_COREDNS),
          Map.entry("rewrite", "rewrite in CoreDNS, where this cache forwards cluster names"),
          Map.entry("kubernetes", IN_COREDNS),
          Map.entry("k8s_external", IN_COREDNS),
          Map.entry("autopath", IN_COREDNS),
          Map.entry("file", IN_COREDNS),
          Map.entry("auto", IN_COREDNS),
          Map.entry("secondary", IN_COREDNS),
          Map.entry("etcd", IN_COREDNS),
          Map.entry(
              "local", "answer localhost names with template (template IN A localhost {...})"),
          Map.entry("whoami", "ask CoreDNS's whoami, or " + REMOVE_IT),
          Map.entry("nsid", REMOVE_IT),
          Map.entry("debug", REMOVE_IT + " (errors and log show failures and queries)"),
          Map.entry("pprof", REMOVE_IT + " (the JVM's own tools profile the runtime)"),
          Map.entry("trace", REMOVE_IT),
          Map.entry("dnstap", "log the queries with log instead"),
          Map.entry("loadbalance", REMOVE_IT + " (answers keep the upstream's order)"),
          Map.entry("any", "CoreDNS's any: " + REMOVE_IT + " in most setups"),
          Map.entry("minimal", REMOVE_IT),
          Map.entry("dns64", IN_COREDNS),
          Map.entry("acl", "restrict who reaches the node's DNS addresses with network policy"),
          Map.entry("grpc", "forward over plain DNS with forward"));

  private UnsupportedDirectives() {}

  /** What to write instead of {@code name}, if it is a directive people are known to use. */
  static Optional<String> alternativeTo(String name) {
    return Optional.ofNullable(ALTERNATIVES.get(name));
  }
}
