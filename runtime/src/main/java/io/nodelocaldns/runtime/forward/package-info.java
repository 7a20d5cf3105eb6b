/**
 * The {@code forward} directive: sends what the chain before it did not answer to upstream servers,
 * as CoreDNS's forward plugin.
 *
 * <pre>
 * forward FROM TO... {        # TO: IP, IP:PORT, [IPv6]:PORT, dns://IP[:PORT] or a resolv.conf
 *     except ZONES...
 *     force_tcp | prefer_udp
 *     policy random|round_robin|sequential
 *     max_fails N
 *     health_check DURATION [no_rec] [domain NAME]
 *     expire DURATION
 *     max_concurrent N
 * }
 * </pre>
 *
 * <p>{@link io.nodelocaldns.runtime.forward.ForwardHandler} serves, coalescing identical questions
 * in flight ({@link io.nodelocaldns.runtime.forward.QueryCoalescer}); {@link
 * io.nodelocaldns.runtime.forward.UpstreamPolicy} orders the upstreams; {@link
 * io.nodelocaldns.runtime.forward.ForwardMetrics} is {@code coredns_forward_*}. The connections
 * themselves live in {@link io.nodelocaldns.runtime.upstream}.
 */
package io.nodelocaldns.runtime.forward;
