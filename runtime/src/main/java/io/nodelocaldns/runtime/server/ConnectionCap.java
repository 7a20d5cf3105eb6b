package io.nodelocaldns.runtime.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the connections one listener holds. A connection beyond the cap is let in and the oldest
 * one closed instead: under a flood of slow or idle clients a new client (a kubelet probe, a
 * Prometheus scrape, a pod's TCP query) still gets through at once, while the flood's connections
 * are cycled out. Shared by every connection of its listener; put it first in their pipelines.
 */
@Sharable
public final class ConnectionCap extends ChannelInboundHandlerAdapter {
  /** Closes by the cap are reported with this reason. */
  public static final String LIMIT = "limit";

  private final int max;
  private final String listener;
  private final ListenerEvents events;
  private final ConcurrentLinkedDeque<Channel> open = new ConcurrentLinkedDeque<>();
  private final AtomicInteger count = new AtomicInteger();

  /**
   * @param max the most connections held at once
   * @param listener the listener's label in reports, e.g. {@code dns://127.0.0.1:53}
   * @param events told of every connection closed for the cap
   */
  public ConnectionCap(int max, String listener, ListenerEvents events) {
    if (max < 1) {
      throw new IllegalArgumentException("max: " + max + " (expected: >= 1)");
    }
    this.max = max;
    this.listener = listener;
    this.events = events;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    open.addLast(ctx.channel());
    if (count.incrementAndGet() > max) {
      Channel oldest = open.pollFirst();
      if (oldest != null) {
        count.decrementAndGet();
        events.connectionClosed(listener, LIMIT);
        oldest.close();
      }
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (open.remove(ctx.channel())) {
      count.decrementAndGet();
    }
    ctx.fireChannelInactive();
  }
}
