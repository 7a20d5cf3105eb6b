package io.nodelocaldns.runtime.server;

import io.nodelocaldns.runtime.plugin.Transport;

/** What listeners report about packets they could not serve. Metrics attach here. */
public interface ListenerEvents {
  /** A packet that was not answered at all (too short, or a response). */
  void dropped(Transport transport, String reason);

  /** A packet answered with an error straight away (FORMERR, NOTIMP, BADVERS). */
  void rejected(Transport transport, int rcode, String reason);

  /**
   * A handler broke its contract (threw, or failed its stage) and the client got SERVFAIL from the
   * listener: what CoreDNS counts as a panic.
   */
  default void handlerFailed(Transport transport, Throwable failure) {}

  /** Logs at FINE, so a flood of garbage cannot flood the log. */
  ListenerEvents LOGGING = new LoggingListenerEvents();
}
