package io.nodelocaldns.runtime.forward;

import io.netty.channel.EventLoopGroup;
import io.nodelocaldns.runtime.transport.NettyTransport;
import io.nodelocaldns.runtime.upstream.UpstreamClient;
import io.nodelocaldns.runtime.upstream.UpstreamListener;

/**
 * What every {@code forward} of a running server shares: the event loops upstream sockets run on
 * (owned and shut down by the caller), the events sink, and the timeouts.
 *
 * @param client the Netty side of upstream exchanges
 * @param listener where forwarding events go (metrics)
 * @param timeouts attempt and overall deadlines
 */
public record ForwardContext(
    UpstreamClient client, UpstreamListener listener, ForwardTimeouts timeouts) {

  /** A context on {@code group} with no listener and the default timeouts. */
  public static ForwardContext of(EventLoopGroup group, NettyTransport transport) {
    return new ForwardContext(
        new UpstreamClient(group, transport), UpstreamListener.NONE, ForwardTimeouts.DEFAULTS);
  }

  public ForwardContext withListener(UpstreamListener newListener) {
    return new ForwardContext(client, newListener, timeouts);
  }

  public ForwardContext withTimeouts(ForwardTimeouts newTimeouts) {
    return new ForwardContext(client, listener, newTimeouts);
  }
}
