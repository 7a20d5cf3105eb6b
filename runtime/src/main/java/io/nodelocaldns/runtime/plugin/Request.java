package io.nodelocaldns.runtime.plugin;

import io.nodelocaldns.runtime.wire.DnsQuery;
import java.net.InetSocketAddress;

/**
 * A query in flight through a server block's chain.
 *
 * @param query the decoded query
 * @param transport how it arrived
 * @param client who sent it
 * @param server the listener address it arrived on
 * @param startNanos {@link System#nanoTime()} when it was read, for durations
 */
public record Request(
    DnsQuery query,
    Transport transport,
    InetSocketAddress client,
    InetSocketAddress server,
    long startNanos) {}
