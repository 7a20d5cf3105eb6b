package io.nodelocaldns.runtime.corefile;

/**
 * A Corefile that cannot be served. The message names the file, the line and the directive, e.g.
 * {@code "Corefile:4: cache: capacity must be a positive integer, got \"-1\""}.
 */
public final class CorefileException extends RuntimeException {
  private final Location location;

  public CorefileException(Location location, String directive, String problem) {
    super(location + ": " + (directive == null ? "" : directive + ": ") + problem);
    this.location = location;
  }

  public Location location() {
    return location;
  }
}
