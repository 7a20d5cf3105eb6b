package io.nodelocaldns.e2e.vm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each scenario's exit code as the guest driver printed it on the console, {@code
 * NLD-SCENARIO-RESULT <word> <code>} (anywhere in a line: the kernel may write on the same serial
 * line); the first report of a scenario counts.
 */
final class ScenarioResults {
  private ScenarioResults() {}

  static Map<String, Integer> parse(String marker, List<String> console) {
    Pattern pattern = Pattern.compile(Pattern.quote(marker) + " ([a-z0-9-]+) (\\d+)\\b");
    Map<String, Integer> results = new LinkedHashMap<>();
    for (String line : console) {
      Matcher m = pattern.matcher(line);
      if (m.find()) {
        results.putIfAbsent(m.group(1), Integer.parseInt(m.group(2)));
      }
    }
    return results;
  }
}
