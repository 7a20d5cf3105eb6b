package io.nodelocaldns.runtime.upstream;

import io.nodelocaldns.runtime.plugin.Transport;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * One exchange with one upstream failed. The message names the upstream, the transport and what
 * went wrong, e.g. {@code "127.0.0.1:53 udp: no response within 1200 ms"}; it ends up in the
 * client's SERVFAIL reason, so keep it short.
 */
public final class UpstreamException extends RuntimeException {

  /** Why an exchange failed. */
  public enum Kind {
    /** No (matching) response in time. */
    TIMEOUT,
    /** Nothing listens: ICMP port unreachable over UDP, RST over TCP. */
    REFUSED,
    /** The TCP connection closed before the response arrived. */
    CLOSED,
    /** The upstream answered with something that is not a well-formed response to our query. */
    MALFORMED,
    /** Too many queries already wait on the connection. */
    OVERLOADED,
    /** Any other I/O error, or the client was shut down. */
    IO
  }

  private final Kind kind;
  private final InetSocketAddress upstream;
  private final Transport transport;

  public UpstreamException(
      Kind kind, InetSocketAddress upstream, Transport transport, String detail) {
    super(Upstreams.label(upstream) + " " + transport.label() + ": " + detail, null, false, false);
    this.kind = kind;
    this.upstream = upstream;
    this.transport = transport;
  }

  public Kind kind() {
    return kind;
  }

  public InetSocketAddress upstream() {
    return upstream;
  }

  public Transport transport() {
    return transport;
  }

  /** {@code failure} itself, or what it wraps if it is a wrapper from a completion stage. */
  public static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
