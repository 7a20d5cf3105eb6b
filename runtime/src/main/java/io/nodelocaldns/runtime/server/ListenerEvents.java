package io.nodelocaldns.runtime.server;

import io.nodelocaldns.runtime.plugin.Transport;

/**
 * What listeners report about packets they could not serve. Metrics attach here.
 */
public interface ListenerEvents {
  /** A packet that was not answered at all (too short, or a response). */
  void dropped(Transport transport, String reason);

  /** A packet answered with an error straight away (FORMERR, NOTIMP, BADVERS). */
  void rejected(Transport transport, int rcode, String reason);

  /** Logs at FINE, so a flood of garbage cannot flood the log. */
  ListenerEvents LOGGING = new LoggingListenerEvents();
}
