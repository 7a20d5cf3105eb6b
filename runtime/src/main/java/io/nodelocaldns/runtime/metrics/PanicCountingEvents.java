package io.nodelocaldns.runtime.metrics;

import io.micrometer.core.instrument.Counter;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.server.ListenerEvents;

/** Listener events passed on as they are, handler failures also counted as CoreDNS's panics. */
final class PanicCountingEvents implements ListenerEvents {
  private final ListenerEvents delegate;
  private final Counter panics;

  PanicCountingEvents(ListenerEvents delegate, Counter panics) {
    this.delegate = delegate;
    this.panics = panics;
  }

  @Override
  public void dropped(Transport transport, String reason) {
    delegate.dropped(transport, reason);
  }

  @Override
  public void rejected(Transport transport, int rcode, String reason) {
    delegate.rejected(transport, rcode, reason);
  }

  @Override
  public void handlerFailed(Transport transport, Throwable failure) {
    panics.increment();
    delegate.handlerFailed(transport, failure);
  }
}
