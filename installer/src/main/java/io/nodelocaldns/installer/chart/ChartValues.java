package io.nodelocaldns.installer.chart;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a render or install is given, in Helm's order of precedence: the values files first (a later
 * file wins over an earlier one), then the {@code --set} pairs (which win over every file). Values
 * the installer discovers go in as an early values file so that a user's own {@code --values} and
 * {@code --set} still win.
 */
public record ChartValues(List<Path> files, Map<String, String> sets) {
  public ChartValues {
    files = List.copyOf(files);
    sets = Collections.unmodifiableMap(new LinkedHashMap<>(sets));
  }

  /** The chart's defaults, nothing else. */
  public static ChartValues defaults() {
    return new ChartValues(List.of(), Map.of());
  }

  /** These values plus one more values file, applied after the ones already here. */
  public ChartValues withFile(Path file) {
    List<Path> more = new ArrayList<>(files);
    more.add(file);
    return new ChartValues(more, sets);
  }

  /** These values plus one {@code --set key=value}; a repeated key takes the new value. */
  public ChartValues withSet(String key, String value) {
    Map<String, String> more = new LinkedHashMap<>(sets);
    more.remove(key);
    more.put(key, value);
    return new ChartValues(files, more);
  }
}
