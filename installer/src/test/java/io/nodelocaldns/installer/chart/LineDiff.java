package io.nodelocaldns.installer.chart;

import java.util.ArrayList;
import java.util.List;

/** A unified-style line diff, for messages a person can read. */
final class LineDiff {
  private static final int CONTEXT = 3;

  private LineDiff() {}

  /** Lines prefixed with "-" (only in expected), "+" (only in actual) or " ", with context. */
  static String of(String expected, String actual) {
    List<String> a = expected.lines().toList();
    List<String> b = actual.lines().toList();
    // longest common subsequence table, from the end
    int[][] lcs = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        lcs[i][j] =
            a.get(i).equals(b.get(j))
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<String> edits = new ArrayList<>();
    List<Integer> expectedLine = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      expectedLine.add(i + 1);
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        edits.add("  " + a.get(i++));
        j++;
      } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] > lcs[i + 1][j])) {
        edits.add("+ " + b.get(j++));
      } else {
        edits.add("- " + a.get(i++));
      }
    }
    return withContext(edits, expectedLine);
  }

  private static String withContext(List<String> edits, List<Integer> expectedLine) {
    StringBuilder out = new StringBuilder();
    int lastShown = -1;
    for (int k = 0; k < edits.size(); k++) {
      if (!edits.get(k).startsWith(" ")) {
        int from = Math.max(k - CONTEXT, lastShown + 1);
        if (lastShown < 0 || from > lastShown + 1) {
          out.append("@@ expected line ").append(expectedLine.get(from)).append(" @@\n");
        }
        int to = Math.min(k + CONTEXT, edits.size() - 1);
        for (int m = from; m <= to; m++) {
          out.append(edits.get(m)).append('\n');
        }
        lastShown = to;
      }
    }
    return out.toString();
  }
}
