package io.nodelocaldns.e2e.node;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code dig} run inside a namespace: one try, a one-second timeout (scaled by {@link Timeouts}: a
 * VM under software emulation is much slower), answers as {@code +short}.
 */
final class Dig {
  private Dig() {}

  /** What one dig printed: the A records of the answer, or nothing if it timed out or failed. */
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

  static Answer inNs(String namespace, String server, String name, String... options) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "dig",
                "@" + server,
                name,
                "A",
                "+short",
                "+time=" + Timeouts.seconds(1),
                "+tries=1"));
    command.addAll(List.of(options));
    return new Answer(Commands.inNs(namespace, command.toArray(String[]::new)));
  }
}
