package io.nodelocaldns.runtime.server;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * One bind's patience with an IPv6 address in duplicate address detection: bind() fails on it with
 * EADDRNOTAVAIL until DAD ends, about a second after the address was added (the node agent adds its
 * own {@code nodad}; someone else's may not be). A bind that failed asks {@link #retryAfterPause};
 * when that says no, {@link #reason} says what DAD had to do with it.
 */
public final class TentativeAddressWait {
  private static final Logger LOG = Logger.getLogger(TentativeAddressWait.class.getName());

  /** About a second with the kernel's defaults, several with more probes or a slow link. */
  public static final Duration LIMIT = Duration.ofSeconds(10);

  private static final Duration PAUSE = Duration.ofMillis(100);

  private final InetAddress address;
  private final String label;
  private final long deadline = System.nanoTime() + LIMIT.toNanos();
  private boolean logged;

  /**
   * @param label how the listener is named in the log, e.g. {@code dns://[fd00::10]:53}
   */
  public TentativeAddressWait(InetAddress address, String label) {
    this.address = address;
    this.label = label;
  }

  /**
   * After a failed bind: whether the address is tentative and the limit not reached; if so this
   * waited a moment (and logged the wait once), and the bind is worth trying again.
   */
  public boolean retryAfterPause() {
    if (DuplicateAddressDetection.of(address) != DuplicateAddressDetection.State.TENTATIVE
        || System.nanoTime() - deadline > 0) {
      return false;
    }
    if (!logged) {
      logged = true;
      LOG.info(
          () ->
              label
                  + ": the address is tentative (IPv6 duplicate address detection); waiting for it,"
                  + " up to "
                  + LIMIT.toSeconds()
                  + " s");
    }
    try {
      Thread.sleep(PAUSE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return true;
  }

  /** Why the address cannot be bound, when duplicate address detection is why. */
  public Optional<String> reason() {
    return switch (DuplicateAddressDetection.of(address)) {
      case FAILED ->
          Optional.of(
              "the address failed duplicate address detection: another machine on its link has"
                  + " it");
      case TENTATIVE ->
          Optional.of(
              "the address is still tentative after "
                  + LIMIT.toSeconds()
                  + " s: duplicate address detection has not finished, and on a link that is down"
                  + " it never does (add the address with nodad: ip addr add ADDRESS/128 dev LINK"
                  + " nodad)");
      default -> Optional.empty();
    };
  }
}
