package io.nodelocaldns.runtime.log;

import java.util.List;
import java.util.Set;

/**
 * {@code log [NAMES...] [{ class all|success|denial|error }]}: one line per query in CoreDNS's
 * common format.
 *
 * @param names normalised names whose queries are logged ({@code ["."]} for all)
 * @param classes which responses are logged
 */
public record LogConfig(List<String> names, Set<ResponseClass> classes) {
  public LogConfig {
    names = List.copyOf(names);
    classes = Set.copyOf(classes);
  }

  /** CoreDNS's response classes for the {@code class} option. */
  public enum ResponseClass {
    ALL,
    SUCCESS,
    DENIAL,
    ERROR
  }
}
