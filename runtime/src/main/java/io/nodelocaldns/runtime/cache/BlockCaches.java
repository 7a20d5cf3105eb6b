package io.nodelocaldns.runtime.cache;

import io.nodelocaldns.runtime.plugin.ConfigFingerprint;
import io.nodelocaldns.runtime.plugin.ServerConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runtime's caches by the server block they serve, for warm restarts: one block's answers go
 * back to the block with the same zones, port and configuration in the next agent (a block whose
 * configuration changed starts empty, as a reload would start it). A chain that a reload replaces
 * leaves, and its successor takes its place.
 */
public final class BlockCaches {
  private final Map<String, CacheHandler> byBlock = new LinkedHashMap<>();

  /**
   * How a block is named across restarts: its zones, port and {@link ConfigFingerprint}, e.g.
   * {@code cluster.local.:53#5f1c0b7e9a3d2c41}.
   */
  public static String keyOf(ServerConfig block) {
    return String.join(" ", block.zones()) + ":" + block.port() + "#" + ConfigFingerprint.of(block);
  }

  synchronized void register(String block, CacheHandler cache) {
    byBlock.put(block, cache);
  }

  synchronized void unregister(String block, CacheHandler cache) {
    byBlock.remove(block, cache);
  }

  /** A copy of the caches now, by block key. */
  public synchronized Map<String, CacheHandler> byBlock() {
    return new LinkedHashMap<>(byBlock);
  }
}
