package io.nodelocaldns.e2e.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@link QueryScript} pod printed so far: lookups that got an answer, lookups that failed
 * (with nslookup's words), the nameservers of its resolv.conf, and whether it finished. A line cut
 * off by reading the log of a running pod is not counted.
 */
public record QueryLog(
    int ok, int failed, List<String> failures, List<String> nameservers, boolean done) {
  static final String QUERY = "nld-query";
  static final String RESOLV = "nld-resolv";
  static final String OUTPUT = "nld-out";

  private static final Pattern LOOKUP =
      Pattern.compile("^" + QUERY + " (ok|FAIL) (\\d+) (\\S+)(?: (.*))?$");

  public static QueryLog parse(String log) {
    int ok = 0;
    List<String> failures = new ArrayList<>();
    List<String> nameservers = new ArrayList<>();
    boolean done = false;
    List<String> lines = List.of(log.split("\n", -1));
    // the last element follows the last newline: a line still being written
    for (String line : lines.subList(0, lines.size() - 1)) {
      Matcher m = LOOKUP.matcher(line);
      if (m.matches()) {
        if (m.group(1).equals("ok")) {
          ok++;
        } else {
          failures.add("round " + m.group(2) + " " + m.group(3) + ": " + m.group(4));
        }
      } else if (line.startsWith(RESOLV + " nameserver ")) {
        nameservers.add(line.substring((RESOLV + " nameserver ").length()).strip());
      } else if (line.equals(QUERY + " done")) {
        done = true;
      }
    }
    return new QueryLog(ok, failures.size(), List.copyOf(failures), List.copyOf(nameservers), done);
  }

  public int lookups() {
    return ok + failed;
  }
}
