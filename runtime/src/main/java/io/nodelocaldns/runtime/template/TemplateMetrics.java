package io.nodelocaldns.runtime.template;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nodelocaldns.runtime.metrics.Labels;
import io.nodelocaldns.runtime.metrics.ServerLabels;
import io.nodelocaldns.runtime.plugin.Request;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CoreDNS's template metrics for one block: {@code coredns_template_matches_total{server, zone,
 * view, class, type}}, {@code coredns_template_template_failures_total} and {@code
 * coredns_template_rr_failures_total}, both with {@code section} and {@code template} (the template
 * as Go's parse tree prints it) besides. A series appears when it first counts.
 */
public final class TemplateMetrics implements TemplateEvents {
  public static final String MATCHES = "coredns.template.matches";
  public static final String TEMPLATE_FAILURES = "coredns.template.template.failures";
  public static final String RR_FAILURES = "coredns.template.rr.failures";

  private final MeterRegistry registry;
  private final ServerLabels servers;

  /** Counters by name and label values, resolved once. */
  private final ConcurrentHashMap<List<String>, Counter> counters = new ConcurrentHashMap<>();

  public TemplateMetrics(MeterRegistry registry, ServerLabels servers) {
    this.registry = registry;
    this.servers = servers;
  }

  @Override
  public void matched(Request request, TemplateData data) {
    counter(
            List.of(
                MATCHES, servers.label(request.server()), data.zone(), data.qclass(), data.qtype()))
        .increment();
  }

  @Override
  public void templateFailed(Request request, TemplateData data, GoTemplate template) {
    failure(TEMPLATE_FAILURES, request, data, template);
  }

  @Override
  public void recordFailed(Request request, TemplateData data, GoTemplate template) {
    failure(RR_FAILURES, request, data, template);
  }

  private void failure(String name, Request request, TemplateData data, GoTemplate template) {
    counter(
            List.of(
                name,
                servers.label(request.server()),
                data.zone(),
                data.qclass(),
                data.qtype(),
                template.section(),
                template.tree()))
        .increment();
  }

  private Counter counter(List<String> key) {
    Counter counter = counters.get(key);
    return counter != null ? counter : counters.computeIfAbsent(key, this::register);
  }

  private Counter register(List<String> key) {
    Counter.Builder builder =
        Counter.builder(key.get(0))
            .tag("server", key.get(1))
            .tag("zone", key.get(2))
            .tag("view", Labels.NO_VIEW)
            .tag("class", key.get(3))
            .tag("type", key.get(4));
    if (key.get(0).equals(MATCHES)) {
      builder.description("Counter of template regex matches.");
    } else {
      builder
          .tag("section", key.get(5))
          .tag("template", key.get(6))
          .description(
              key.get(0).equals(RR_FAILURES)
                  ? "Counter of mis-templated RRs."
                  : "Counter of go template failures.");
    }
    return builder.register(registry);
  }
}
