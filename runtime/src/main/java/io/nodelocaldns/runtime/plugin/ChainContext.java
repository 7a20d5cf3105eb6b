package io.nodelocaldns.runtime.plugin;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.nodelocaldns.runtime.transport.NettyTransport;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a directive's handler is built with: its block, the runtime's clock, event loops and
 * metrics, and what the runtime's blocks share.
 *
 * @param block the server block the chain serves
 * @param clock the time cache TTLs are measured with
 * @param onFatal told when the runtime cannot go on (a forwarding loop)
 * @param group the event loops upstream sockets run on
 * @param transport the Netty transport of those sockets
 * @param metrics the runtime's registry; empty when no block has {@code prometheus}
 * @param shared what lives as long as the runtime, across reloads
 */
public record ChainContext(
    ServerConfig block,
    Clock clock,
    Consumer<String> onFatal,
    EventLoopGroup group,
    NettyTransport transport,
    Optional<MeterRegistry> metrics,
    SharedResources shared) {}
