package io.nodelocaldns.installer.chart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Corefile reduced to what it means for comparison: each server block's key mapped to its
 * directives, one string each (a nested block folded in, e.g. {@code forward . X { force_tcp }}),
 * white space collapsed and sorted, since the runtime runs directives in a fixed order whatever
 * order they are written in.
 */
final class CorefileBlocks {
  private CorefileBlocks() {}

  static Map<String, List<String>> of(String corefile) {
    Map<String, List<String>> blocks = new LinkedHashMap<>();
    List<String> directives = null;
    StringBuilder nested = null;
    for (String raw : corefile.lines().toList()) {
      String line = raw.replaceAll("#.*", "").strip().replaceAll("\\s+", " ");
      if (line.isEmpty()) {
        continue;
      }
      if (directives == null) {
        if (!line.endsWith("{")) {
          throw new IllegalArgumentException("expected a server block, got: " + raw);
        }
        directives = new ArrayList<>();
        blocks.put(line.substring(0, line.length() - 1).strip(), directives);
      } else if (nested != null) {
        nested.append(' ').append(line);
        if (line.equals("}")) {
          directives.add(nested.toString());
          nested = null;
        }
      } else if (line.equals("}")) {
        directives.sort(null);
        directives = null;
      } else if (line.endsWith("{")) {
        nested = new StringBuilder(line);
      } else {
        directives.add(line);
      }
    }
    if (directives != null) {
      throw new IllegalArgumentException("unclosed server block in:\n" + corefile);
    }
    return blocks;
  }
}
