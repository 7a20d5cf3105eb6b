package io.nodelocaldns.runtime.plugin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * What a directive's handlers share across a runtime's blocks and reloads (the cache's byte budget,
 * the forwarders' upstream client), one of each type, created on first use and closed with the
 * runtime. Thread-safe.
 */
public final class SharedResources implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SharedResources.class.getName());

  private final Map<Class<?>, Object> byType = new LinkedHashMap<>();

  /** The runtime's {@code type}, made by {@code create} the first time it is asked for. */
  public synchronized <T> T get(Class<T> type, Supplier<? extends T> create) {
    Object existing = byType.get(type);
    if (existing == null) {
      existing = create.get();
      byType.put(type, existing);
    }
    return type.cast(existing);
  }

  /** Closes those that hold something, newest first. */
  @Override
  public synchronized void close() {
    List<Object> all = new ArrayList<>(byType.values());
    byType.clear();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i) instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          LOG.warning("closing " + closeable + ": " + e);
        }
      }
    }
  }
}
