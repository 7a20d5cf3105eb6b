package io.nodelocaldns.runtime;

import io.nodelocaldns.runtime.corefile.Location;
import io.nodelocaldns.runtime.plugin.ServerConfig;

/**
 * When a reload may keep a server block's chain (and so its cache and upstream connections): its
 * configuration is equal, directive for directive, except for the line it is written on. Adding a
 * block above another moves that one down the file without changing it.
 */
record BlockIdentity(ServerConfig config) {
  private static final Location ANYWHERE = new Location("", 0);

  static BlockIdentity of(ServerConfig config) {
    return new BlockIdentity(config.at(ANYWHERE));
  }
}
