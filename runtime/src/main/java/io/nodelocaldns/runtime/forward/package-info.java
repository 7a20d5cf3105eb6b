/**
 * The {@code forward} directive: {@link io.nodelocaldns.runtime.forward.ForwardHandler} sends a
 * server block's queries to its upstreams, as CoreDNS's forward plugin; {@link
 * io.nodelocaldns.runtime.forward.UpstreamPolicy} orders the upstreams. The connections themselves
 * live in {@link io.nodelocaldns.runtime.upstream}.
 */
package io.nodelocaldns.runtime.forward;
