package io.nodelocaldns.installer.values;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The nearest of some names to a misspelt one, by Levenshtein distance, if it is near enough. */
public final class DidYouMean {
  private DidYouMean() {}

  /** The closest name within a third of the word's length (at least 2 edits), ties to the first. */
  public static Optional<String> nearest(String word, List<String> names) {
    int allowed = Math.max(2, word.length() / 3);
    return names.stream()
        .filter(name -> distance(lower(word), lower(name)) <= allowed)
        .min(Comparator.comparingInt(name -> distance(lower(word), lower(name))));
  }

  /** Edits (insert, delete, replace) to turn {@code a} into {@code b}. */
  public static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int replace = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(replace, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
