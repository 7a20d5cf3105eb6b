/**
 * The {@code ready} directive: where {@code /ready} is served.
 *
 * <pre>
 * ready [ADDRESS]
 * </pre>
 *
 * <p>Without an address, every interface on port 8181. The endpoint itself is in {@code ops}.
 */
package io.nodelocaldns.runtime.ready;
