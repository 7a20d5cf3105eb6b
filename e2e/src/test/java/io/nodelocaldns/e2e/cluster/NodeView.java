package io.nodelocaldns.e2e.cluster;

import io.nodelocaldns.e2e.node.NodeListings;
import io.nodelocaldns.e2e.node.RuleListing;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node as the seeds' per-node checks see it, read by a privileged hostNetwork debug pod that runs
 * the node's own tools ({@code chroot /host}), as {@code docker exec $NODE …} or an SSH session
 * would: links, addresses, the raw and filter tables, and the local routing table. The listings are
 * parsed with the node e2e's parsers.
 */
public record NodeView(
    String node,
    List<String> links,
    List<String> addresses,
    List<RuleListing.Rule> raw,
    List<RuleListing.Rule> filter,
    List<String> localRoutes,
    String text) {
  static final String MARK = "==== nld ";
  static final String END = "end";

  /** Each section's name and the command the debug pod runs for it on the node. */
  static final Map<String, String> SECTIONS = sections();

  private static Map<String, String> sections() {
    Map<String, String> sections = new LinkedHashMap<>();
    sections.put("links", "ip -o link show");
    sections.put("addresses", "ip -o addr show");
    sections.put("raw", "iptables -t raw -S");
    sections.put("filter", "iptables -t filter -S");
    sections.put("local-routes", "ip route show table local");
    return sections;
  }

  /** The debug pod's script: each section's header, then its command's output on the node. */
  public static String script() {
    StringBuilder script = new StringBuilder();
    SECTIONS.forEach(
        (name, command) ->
            script
                .append("echo '")
                .append(MARK)
                .append(name)
                .append("'; chroot /host ")
                .append(command)
                .append(" 2>&1\n"));
    script.append("echo '").append(MARK).append(END).append("'\n");
    return script.toString();
  }

  /** Parses the debug pod's log; fails, with the log, when a section or the end is missing. */
  public static NodeView parse(String node, String log) {
    Map<String, StringBuilder> found = new LinkedHashMap<>();
    StringBuilder current = null;
    boolean ended = false;
    for (String line : log.split("\n", -1)) {
      if (line.startsWith(MARK)) {
        String name = line.substring(MARK.length()).strip();
        if (name.equals(END)) {
          ended = true;
          break;
        }
        current = new StringBuilder();
        found.put(name, current);
      } else if (current != null) {
        current.append(line).append('\n');
      }
    }
    for (String name : SECTIONS.keySet()) {
      if (!found.containsKey(name) || !ended) {
        throw new IllegalStateException(
            "the debug pod on " + node + " did not list \"" + name + "\"; its log:\n" + log);
      }
    }
    return new NodeView(
        node,
        NodeListings.links(found.get("links").toString()),
        NodeListings.addresses(found.get("addresses").toString()),
        RuleListing.parse(found.get("raw").toString()),
        RuleListing.parse(found.get("filter").toString()),
        found.get("local-routes").toString().lines().filter(l -> !l.isBlank()).toList(),
        log);
  }

  public boolean hasLink(String name) {
    return links.contains(name);
  }

  /** The addresses ({@code IP/PREFIX}) on {@code link}. */
  public List<String> addressesOn(String link) {
    return addresses.stream()
        .filter(a -> a.startsWith(link + " "))
        .map(a -> a.substring(link.length() + 1))
        .toList();
  }

  /** Whether the local table routes {@code ip} to this host through {@code link}. */
  public boolean hasLocalRoute(String ip, String link) {
    return localRoutes.stream()
        .map(l -> List.of(l.strip().split("\\s+")))
        .anyMatch(
            t ->
                t.size() >= 4
                    && t.get(0).equals("local")
                    && t.get(1).equals(ip)
                    && t.get(2).equals("dev")
                    && t.get(3).equals(link));
  }

  /** Whether the local table routes {@code ip} to this host at all. */
  public boolean hasLocalRoute(String ip) {
    return localRoutes.stream()
        .map(l -> l.strip().split("\\s+"))
        .anyMatch(t -> t.length >= 2 && t[0].equals("local") && t[1].equals(ip));
  }
}
