package io.nodelocaldns.runtime.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that does not deliver whole messages in time: the first within {@code first}
 * of being accepted, each next one within {@code next} of the one before. It sits after the framing
 * decoder, so only a complete message counts: a client that trickles a byte now and then gains
 * nothing (an idle timeout that every byte resets would keep it forever). One per connection.
 */
public final class MessageDeadline extends ChannelInboundHandlerAdapter {
  /** Closes by a deadline are reported with this reason. */
  public static final String DEADLINE = "deadline";

  private final Duration first;
  private final Duration next;
  private final String listener;
  private final ListenerEvents events;
  private ScheduledFuture<?> deadline;

  /**
   * @param first how long after accepting the first whole message may take
   * @param next how long after a message the next whole message may take
   * @param listener the listener's label in reports
   * @param events told of every connection closed for a deadline
   */
  public MessageDeadline(Duration first, Duration next, String listener, ListenerEvents events) {
    this.first = first;
    this.next = next;
    this.listener = listener;
    this.events = events;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    arm(ctx, first);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    arm(ctx, next);
    ctx.fireChannelRead(message);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  private void arm(ChannelHandlerContext ctx, Duration within) {
    cancel();
    deadline =
        ctx.executor()
            .schedule(
                () -> {
                  if (ctx.channel().isActive()) {
                    events.connectionClosed(listener, DEADLINE);
                    ctx.close();
                  }
                },
                within.toNanos(),
                TimeUnit.NANOSECONDS);
  }

  private void cancel() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }
}
