/**
 * Talking to upstream DNS servers, used by {@code forward}: UDP over rotating random-port sockets
 * ({@link io.nodelocaldns.runtime.upstream.UdpSocketPool}), pipelined TCP connections ({@link
 * io.nodelocaldns.runtime.upstream.TcpConnectionPool}), and an upstream's health ({@link
 * io.nodelocaldns.runtime.upstream.Upstream}). Events go to one {@link
 * io.nodelocaldns.runtime.upstream.UpstreamListener}, where metrics attach. Internal to the
 * runtime.
 */
package io.nodelocaldns.runtime.upstream;
