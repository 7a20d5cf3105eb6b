package io.nodelocaldns.modes.template;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the kube-dns ConfigMap asks of the node cache.
 *
 * @param stubDomains domain → servers (IP or IP:port), each becoming its own server block, in
 *     domain order
 * @param upstreamNameservers replace the {@code .} block's upstream servers when not empty
 */
public record KubeDnsConfig(
    Map<String, List<String>> stubDomains, List<String> upstreamNameservers) {
  /** No ConfigMap, or one with neither key. */
  public static final KubeDnsConfig NONE = new KubeDnsConfig(Map.of(), List.of());

  public KubeDnsConfig {
    stubDomains =
        Collections.unmodifiableMap(new TreeMap<>(stubDomains)); // sorted: a stable Corefile
    upstreamNameservers = List.copyOf(upstreamNameservers);
  }
}
