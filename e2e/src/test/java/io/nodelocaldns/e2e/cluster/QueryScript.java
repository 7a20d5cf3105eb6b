package io.nodelocaldns.e2e.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The shell script a test pod runs: prints its resolv.conf, then {@code rounds} times looks up each
 * name with {@code nslookup -type=a} through the pod's own resolver configuration (as an
 * application would, retries included), one line per lookup that {@link QueryLog} counts. POSIX sh
 * and nslookup only, so busybox and the dnsutils images both run it.
 */
public record QueryScript(List<String> names, int rounds, Duration pause) {
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9.-]+");

  public QueryScript {
    names = List.copyOf(names);
    for (String name : names) {
      if (!SAFE_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("not a DNS name for the script: " + name);
      }
    }
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds < 1: " + rounds);
    }
  }

  public String text() {
    String pauseLine =
        pause.isZero()
            ? ""
            : "  sleep " + String.format(Locale.ROOT, "%.1f", pause.toMillis() / 1000.0) + "\n";
    return """
        while read -r line; do echo "%2$s $line"; done < /etc/resolv.conf
        round=0
        while [ "$round" -lt %3$d ]; do
          round=$((round + 1))
          for name in %4$s; do
            if out=$(nslookup -type=a "$name" 2>&1); then
              echo "%1$s ok $round $name"
            else
              echo "%1$s FAIL $round $name $(printf '%%s' "$out" | tr -s '\\n\\t' '  ')"
            fi
            if [ "$round" -eq 1 ]; then
              printf '%%s\\n' "$out" | while read -r line; do echo "%5$s $name: $line"; done
            fi
          done
        %6$sdone
        echo "%1$s done"
        """
        .formatted(
            QueryLog.QUERY,
            QueryLog.RESOLV,
            rounds,
            String.join(" ", names),
            QueryLog.OUTPUT,
            pauseLine);
  }
}
