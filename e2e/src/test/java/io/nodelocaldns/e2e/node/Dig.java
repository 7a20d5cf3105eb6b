package io.nodelocaldns.e2e.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code dig} run inside a namespace: one try, a one-second timeout (scaled by {@link Timeouts}: a
 * VM under software emulation is much slower), answers as {@code +short}.
 */
final class Dig {
  private Dig() {}

  /**
   * What one dig printed: the records of the answer (A, or the type asked), or nothing if it timed
   * out or failed.
   */
  record Answer(Commands.Result result) {
    List<String> addresses() {
      if (!result.ok()) {
        return List.of();
      }
      return result
          .stdout()
          .lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith(";"))
          .toList();
    }

    boolean answers() {
      return !addresses().isEmpty();
    }

    boolean answers(String address) {
      return addresses().contains(address);
    }

    @Override
    public String toString() {
      return result.toString();
    }
  }

  /**
   * What one dig printed without {@code +short}: the response code and the answer section, to tell
   * an empty NOERROR from a timeout or an NXDOMAIN.
   */
  record Response(Commands.Result result) {
    private static final Pattern STATUS = Pattern.compile("status: ([A-Z]+)");

    /** The response code ({@code NOERROR}, {@code NXDOMAIN}, ...); empty without a reply. */
    Optional<String> status() {
      if (!result.ok()) {
        return Optional.empty();
      }
      Matcher m = STATUS.matcher(result.stdout());
      return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * The answer section's records, e.g. {@code web.default.svc.cluster.local. 30 IN A 10.96.5.5}.
     */
    List<String> answers() {
      if (!result.ok()) {
        return List.of();
      }
      return result
          .stdout()
          .lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith(";"))
          .toList();
    }

    @Override
    public String toString() {
      return result.toString();
    }
  }

  /** {@code dig @server name TYPE +noall +comments +answer}: the header and the answers. */
  static Response query(
      String namespace, String server, String name, String type, String... options) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "dig",
                "@" + server,
                name,
                type,
                "+noall",
                "+comments",
                "+answer",
                "+time=" + Timeouts.seconds(1),
                "+tries=1"));
    command.addAll(List.of(options));
    return new Response(Commands.inNs(namespace, command.toArray(String[]::new)));
  }

  static Answer inNs(String namespace, String server, String name, String... options) {
    return ofType(namespace, server, name, "A", options);
  }

  /**
   * {@code dig @server name TYPE +short}: the records of that type (e.g. {@code AAAA}), as {@link
   * #inNs} gives the A records.
   */
  static Answer ofType(
      String namespace, String server, String name, String type, String... options) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "dig",
                "@" + server,
                name,
                type,
                "+short",
                "+time=" + Timeouts.seconds(1),
                "+tries=1"));
    command.addAll(List.of(options));
    return new Answer(Commands.inNs(namespace, command.toArray(String[]::new)));
  }
}
