package io.nodelocaldns.runtime.prometheus;

import io.nodelocaldns.runtime.plugin.DnsHandler;
import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.Request;
import java.util.concurrent.CompletionStage;

/**
 * The {@code prometheus} directive in a chain: first of all, as CoreDNS's metrics plugin wraps the
 * rest, it records each query once the rest has answered it.
 */
final class MetricsHandler implements DnsHandler {

  private final DnsMetrics metrics;
  private final DnsHandler next;

  MetricsHandler(DnsMetrics metrics, DnsHandler next) {
    this.metrics = metrics;
    this.next = next;
  }

  @Override
  public String name() {
    return PrometheusPlugin.NAME;
  }

  @Override
  public CompletionStage<DnsResponse> serve(Request request) {
    CompletionStage<DnsResponse> answer;
    try {
      answer = next.serve(request);
    } catch (RuntimeException e) {
      metrics.report(request, null); // the listener answers SERVFAIL and counts a panic
      throw e;
    }
    return answer.whenComplete(
        (response, failure) -> metrics.report(request, failure == null ? response : null));
  }
}
