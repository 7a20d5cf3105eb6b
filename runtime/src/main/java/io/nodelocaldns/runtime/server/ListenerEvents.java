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

  /**
   * The listener closed a connection: {@code reason} is {@link ConnectionCap#LIMIT} (the oldest, to
   * make room for a new one) or {@link MessageDeadline#DEADLINE} (no whole message in time).
   *
   * @param listener a DNS listener as bound, e.g. {@code dns://127.0.0.1:53}, or an HTTP endpoint
   *     as the Corefile names it, e.g. {@code http://:9253}
   */
  default void connectionClosed(String listener, String reason) {}

  /** Logs at FINE, so a flood of garbage cannot flood the log. */
  ListenerEvents LOGGING = new LoggingListenerEvents();
}
