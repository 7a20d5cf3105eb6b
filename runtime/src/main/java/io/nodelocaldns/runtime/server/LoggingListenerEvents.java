package io.nodelocaldns.runtime.server;

import io.nodelocaldns.runtime.plugin.Transport;
import java.util.logging.Logger;

/** {@link ListenerEvents} that only logs, at FINE. */
final class LoggingListenerEvents implements ListenerEvents {
  private static final Logger LOG = Logger.getLogger(ListenerEvents.class.getName());

  @Override
  public void dropped(Transport transport, String reason) {
    LOG.fine(() -> "dropped " + transport.label() + " packet: " + reason);
  }

  @Override
  public void rejected(Transport transport, int rcode, String reason) {
    LOG.fine(() -> "answered " + transport.label() + " packet with rcode " + rcode + ": " + reason);
  }

  @Override
  public void connectionClosed(String listener, String reason) {
    LOG.fine(() -> "closed a connection to " + listener + ": " + reason);
  }
}
