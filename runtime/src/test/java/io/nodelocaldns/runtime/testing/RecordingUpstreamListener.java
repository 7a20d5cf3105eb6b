package io.nodelocaldns.runtime.testing;

import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.upstream.UpstreamException;
import io.nodelocaldns.runtime.upstream.UpstreamListener;
import io.nodelocaldns.runtime.upstream.Upstreams;
import io.nodelocaldns.runtime.wire.Rcode;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps every forwarding event as a line such as {@code "sent 127.0.0.1:5353 udp"}, {@code
 * "response 127.0.0.1:5353 tcp NOERROR"}, {@code "failed 127.0.0.1:5353 udp REFUSED"}, {@code
 * "healthcheck failed 127.0.0.1:5353"}, {@code "down 127.0.0.1:5353"}, {@code "up ..."}, {@code
 * "all down"}, {@code "max_concurrent"}.
 */
public final class RecordingUpstreamListener implements UpstreamListener {
  private final List<String> events = new CopyOnWriteArrayList<>();

  public List<String> events() {
    return List.copyOf(events);
  }

  /** Events that start with {@code prefix}. */
  public long count(String prefix) {
    return events.stream().filter(e -> e.startsWith(prefix)).count();
  }

  @Override
  public void requestSent(InetSocketAddress upstream, Transport transport) {
    events.add("sent " + Upstreams.label(upstream) + " " + transport.label());
  }

  @Override
  public void responseReceived(
      InetSocketAddress upstream, Transport transport, int rcode, long durationNanos) {
    events.add(
        "response "
            + Upstreams.label(upstream)
            + " "
            + transport.label()
            + " "
            + Rcode.name(rcode));
  }

  @Override
  public void requestFailed(
      InetSocketAddress upstream,
      Transport transport,
      UpstreamException.Kind kind,
      long durationNanos) {
    events.add("failed " + Upstreams.label(upstream) + " " + transport.label() + " " + kind);
  }

  @Override
  public void healthCheckFailed(InetSocketAddress upstream) {
    events.add("healthcheck failed " + Upstreams.label(upstream));
  }

  @Override
  public void upstreamDown(InetSocketAddress upstream) {
    events.add("down " + Upstreams.label(upstream));
  }

  @Override
  public void upstreamUp(InetSocketAddress upstream) {
    events.add("up " + Upstreams.label(upstream));
  }

  @Override
  public void allUpstreamsDown() {
    events.add("all down");
  }

  @Override
  public void maxConcurrentRejected() {
    events.add("max_concurrent");
  }
}
