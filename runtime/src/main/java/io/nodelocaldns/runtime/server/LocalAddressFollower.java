package io.nodelocaldns.runtime.server;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps wildcard listeners' sockets on single addresses ({@link LocalAddressSockets}) in step with
 * the machine's addresses: lists them at every change of listeners and every {@link #INTERVAL}, as
 * Java has no notice of addresses that come (the agent adds a deleted link address again) or go.
 */
final class LocalAddressFollower {
  private static final Logger LOG = Logger.getLogger(LocalAddressFollower.class.getName());

  /** How often the addresses are listed again: ~50 us a time on a handful of links. */
  static final Duration INTERVAL = Duration.ofSeconds(1);

  private final LocalAddresses addresses;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "dns-addresses");
            thread.setDaemon(true);
            return thread;
          });

  LocalAddressFollower(LocalAddresses addresses) {
    this.addresses = addresses;
  }

  /** Runs {@code follow} every {@link #INTERVAL} until {@link #stop()}. */
  void start(Runnable follow) {
    long millis = INTERVAL.toMillis();
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            follow.run();
          } catch (RuntimeException e) { // the timer must go on
            LOG.log(Level.WARNING, "following the machine's addresses failed", e);
          }
        },
        millis,
        millis,
        TimeUnit.MILLISECONDS);
  }

  void stop() {
    timer.shutdownNow();
  }

  /**
   * Lists the addresses and has every wildcard listener of {@code listeners} bind its share.
   *
   * @param alsoNamed addresses about to be bound by name: kept from the wildcards' sockets too
   */
  void follow(Collection<DnsListener> listeners, List<ListenAddress> alsoNamed) {
    if (listeners.stream().noneMatch(DnsListener::wildcard)) {
      return;
    }
    Set<InetAddress> local;
    try {
      local = addresses.scan();
    } catch (UncheckedIOException e) {
      LOG.warning(() -> "cannot list the machine's addresses: " + e.getCause().getMessage());
      return;
    }
    List<ListenAddress> listening = new ArrayList<>(alsoNamed);
    listeners.forEach(listener -> listening.add(listener.address()));
    Map<ListenAddress, Set<InetAddress>> shares = WildcardAddresses.assign(listening, local);
    for (DnsListener listener : listeners) {
      if (listener.wildcard()) {
        listener.follow(shares.getOrDefault(listener.address(), Set.of()));
      }
    }
  }
}
