package io.nodelocaldns.modes.template;

import io.nodelocaldns.modes.node.SetupErrors;
import io.nodelocaldns.modes.template.KubeDnsConfig.StubDomain;
import io.nodelocaldns.runtime.corefile.Addresses;
import io.nodelocaldns.runtime.forward.ForwardConfig;
import io.nodelocaldns.runtime.wire.DnsNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Checks the kube-dns ConfigMap's entries one by one, as strictly as the upstream kube-dns and
 * node-cache do ({@code k8s.io/dns/pkg/dns/config}): a stub domain is a DNS-1123 subdomain that the
 * base Corefile does not serve already and that appears once; a server is an IPv4 or IPv6 literal,
 * optionally with a port 1-65535 ({@code IP:PORT}, {@code [IPv6]:PORT}). A bad entry is dropped,
 * logged at WARNING quoting it as the ConfigMap writes it (a JSON string, so no control character
 * reaches the log) and saying why, and counted as a {@code configmap} setup error; the rest is
 * kept. A stub domain left with no server is dropped the same way.
 *
 * <p>What is kept is what the runtime serves, so no ConfigMap can stop the agent: a server is read
 * by the runtime's own {@link Addresses#ipAndPort}, a stub domain's servers are as many as the
 * forward plugin takes, and the stub domains are bounded in number.
 */
final class KubeDnsConfigValidator {
  /** Upstream refuses a longer list as a whole: the ConfigMap is then ignored, not cut. */
  static final int MAX_UPSTREAM_NAMESERVERS = 3;

  /**
   * Each stub domain is a server block of its own, with its own cache, forwarder and metrics, so
   * the count bounds the agent's memory. Measured with the agent jar and jvm.options (64 MB heap),
   * when each block still had a cache manager and a loop probe thread of its own: each cost ~0.1 MB
   * of live heap; 100 left 17.5 MB live, where 300 took ~50 MB and 500 exhausted the heap at start.
   * (Caches now share one manager and the runtime's byte budget, loop probes run on virtual
   * threads.) Clusters name a handful; 100 leaves room for full caches. The entries after the 100th
   * (in the file's order, unchecked) are dropped with one line.
   */
  static final int MAX_STUB_DOMAINS = 100;

  /** The forward plugin takes at most 15 servers; a stub domain's further ones are dropped. */
  static final int MAX_SERVERS = ForwardConfig.MAX_UPSTREAMS;

  private static final String STUB_DOMAINS = KubeDnsConfigReader.STUB_DOMAINS;
  private static final int MAX_DOMAIN_LENGTH = 253;
  private static final int MAX_LABEL_LENGTH = DnsNames.MAX_LABEL_LENGTH;
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Logger LOG = Logger.getLogger(KubeDnsConfigValidator.class.getName());

  private final SetupErrors errors;

  KubeDnsConfigValidator(SetupErrors errors) {
    this.errors = errors;
  }

  /** The valid stub domains of {@code written} (domain → servers, in the file's order). */
  List<StubDomain> stubDomains(Map<String, List<String>> written) {
    List<Map.Entry<String, List<String>>> entries = List.copyOf(written.entrySet());
    if (entries.size() > MAX_STUB_DOMAINS) {
      drop(
          STUB_DOMAINS,
          "the "
              + (entries.size() - MAX_STUB_DOMAINS)
              + " entries from "
              + KubeDnsJson.quote(entries.get(MAX_STUB_DOMAINS).getKey())
              + " on",
          "at most " + MAX_STUB_DOMAINS + " stub domains are served");
      entries = entries.subList(0, MAX_STUB_DOMAINS);
    }
    Map<String, List<String>> byDomain = new LinkedHashMap<>(); // the written keys of each domain
    for (Map.Entry<String, List<String>> entry : entries) {
      Optional<String> problem = domainProblem(entry.getKey());
      if (problem.isPresent()) {
        drop(STUB_DOMAINS, KubeDnsJson.quote(entry.getKey()), problem.get());
      } else {
        byDomain
            .computeIfAbsent(domain(entry.getKey()), d -> new ArrayList<>())
            .add(entry.getKey());
      }
    }
    List<StubDomain> valid = new ArrayList<>();
    for (Map.Entry<String, List<String>> domain : byDomain.entrySet()) {
      List<String> keys = domain.getValue();
      if (keys.size() > 1) {
        String why =
            domain.getKey()
                + " is written "
                + keys.size()
                + " times (case and a trailing dot aside): which is meant is unclear";
        keys.forEach(key -> drop(STUB_DOMAINS, KubeDnsJson.quote(key), why));
        continue;
      }
      String key = keys.get(0);
      List<String> servers =
          servers(STUB_DOMAINS + ": " + KubeDnsJson.quote(key), written.get(key));
      if (servers.isEmpty()) {
        drop(STUB_DOMAINS, KubeDnsJson.quote(key), "no valid server");
      } else {
        valid.add(new StubDomain(domain.getKey(), key, servers));
      }
    }
    return valid;
  }

  /**
   * The valid servers of {@code written}.
   *
   * @throws IllegalArgumentException if there are more than three: upstream refuses the ConfigMap
   */
  List<String> upstreamNameservers(List<String> written) {
    if (written.size() > MAX_UPSTREAM_NAMESERVERS) {
      throw new IllegalArgumentException(
          KubeDnsConfigReader.UPSTREAM_NAMESERVERS
              + ": at most "
              + MAX_UPSTREAM_NAMESERVERS
              + " entries are allowed (as in kube-dns), got "
              + written.size());
    }
    return servers(KubeDnsConfigReader.UPSTREAM_NAMESERVERS, written);
  }

  /** {@code stubs} less those for a zone the base Corefile serves ({@code zones}, normalised). */
  List<StubDomain> unserved(List<StubDomain> stubs, Collection<String> zones) {
    List<StubDomain> unserved = new ArrayList<>();
    for (StubDomain stub : stubs) {
      if (zones.contains(DnsNames.normalize(stub.domain()))) {
        drop(
            STUB_DOMAINS,
            KubeDnsJson.quote(stub.written()),
            "the base Corefile serves " + stub.domain() + " itself");
      } else {
        unserved.add(stub);
      }
    }
    return unserved;
  }

  private List<String> servers(String where, List<String> written) {
    List<String> entries = written;
    if (entries.size() > MAX_SERVERS) {
      drop(
          where,
          "the "
              + (entries.size() - MAX_SERVERS)
              + " servers from "
              + KubeDnsJson.quote(entries.get(MAX_SERVERS))
              + " on",
          "at most " + MAX_SERVERS + " servers are allowed (as in the forward plugin)");
      entries = entries.subList(0, MAX_SERVERS);
    }
    List<String> valid = new ArrayList<>();
    for (String server : entries) {
      serverProblem(server)
          .ifPresentOrElse(
              problem -> drop(where, "server " + KubeDnsJson.quote(server), problem),
              () -> valid.add(server));
    }
    return valid;
  }

  /**
   * Why {@code text} is not a DNS-1123 subdomain (a trailing dot allowed, any case), if it is not.
   */
  static Optional<String> domainProblem(String text) {
    String domain = domain(text);
    String why;
    if (domain.isEmpty()) {
      why = text.isEmpty() ? "empty" : "the root zone";
    } else if (domain.length() > MAX_DOMAIN_LENGTH) {
      why = "longer than " + MAX_DOMAIN_LENGTH + " characters";
    } else {
      why = null;
      for (String label : domain.split("\\.", -1)) {
        if (label.isEmpty()) {
          why = "empty label";
        } else if (label.length() > MAX_LABEL_LENGTH) {
          why = "a label longer than " + MAX_LABEL_LENGTH + " characters";
        } else if (!LABEL.matcher(label).matches()) {
          why = "a label of other than letters, digits and inner hyphens";
        }
        if (why != null) {
          break;
        }
      }
    }
    return Optional.ofNullable(why).map(w -> "not a DNS-1123 domain name (" + w + ")");
  }

  /** Why {@code text} is not IP, IP:PORT or [IPv6]:PORT, if it is not. */
  static Optional<String> serverProblem(String text) {
    Optional<String> expected = Optional.of("not an IP literal, IP:PORT or [IPv6]:PORT");
    if (text.contains("%") || (text.startsWith("[") && !text.contains("]:"))) {
      return expected; // no zone, which names a node's interface; [IPv6] has a port
    }
    try {
      return Addresses.ipAndPort(text, ForwardConfig.DEFAULT_PORT).isPresent()
          ? Optional.empty()
          : expected;
    } catch (IllegalArgumentException e) {
      return Optional.of("the port is not 1 to 65535");
    }
  }

  /** Lower case (ASCII only, as DNS compares names), one trailing dot removed. */
  private static String domain(String text) {
    String lower = DnsNames.toLowerAscii(text);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  private void drop(String where, String what, String why) {
    errors.count(SetupErrors.Type.CONFIGMAP);
    LOG.warning(() -> "kube-dns ConfigMap: " + where + ": dropped " + what + ": " + why);
  }
}
