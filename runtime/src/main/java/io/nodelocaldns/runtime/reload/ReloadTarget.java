package io.nodelocaldns.runtime.reload;

import io.nodelocaldns.runtime.plugin.Corefile;

/** What a changed Corefile is applied to: the running runtime. */
@FunctionalInterface
public interface ReloadTarget {
  /**
   * Serves {@code next} from now on, or nothing changes.
   *
   * @throws RuntimeException if {@code next} cannot be served (e.g. an address in use); the running
   *     configuration stays
   */
  void reload(Corefile next);
}
