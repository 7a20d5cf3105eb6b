package io.nodelocaldns.modes.template;

import java.util.Comparator;
import java.util.List;

/**
 * What the kube-dns ConfigMap asks of the node cache, every entry already checked by {@link
 * KubeDnsConfigValidator}.
 *
 * @param stubDomains each becoming its own server block, in domain order
 * @param upstreamNameservers replace the {@code .} block's upstream servers when not empty
 */
public record KubeDnsConfig(List<StubDomain> stubDomains, List<String> upstreamNameservers) {
  /** No ConfigMap, or one with neither key. */
  public static final KubeDnsConfig NONE = new KubeDnsConfig(List.of(), List.of());

  public KubeDnsConfig {
    stubDomains =
        stubDomains.stream()
            .sorted(Comparator.comparing(StubDomain::domain)) // a stable Corefile
            .toList();
    upstreamNameservers = List.copyOf(upstreamNameservers);
  }

  /**
   * One stub domain.
   *
   * @param domain lower case, without a trailing dot, e.g. {@code acme.local}
   * @param written the key as the ConfigMap writes it, e.g. {@code Acme.Local.}, for messages
   * @param servers IP, IP:PORT or [IPv6]:PORT, as written; at least one
   */
  public record StubDomain(String domain, String written, List<String> servers) {
    public StubDomain {
      servers = List.copyOf(servers);
    }
  }
}
