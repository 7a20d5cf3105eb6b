package io.nodelocaldns.installer.status;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nodelocaldns.installer.InstallerException;
import io.nodelocaldns.installer.kube.AgentDaemonSet;
import io.nodelocaldns.installer.kube.Pause;
import io.nodelocaldns.installer.metrics.MetricsScraper;
import io.nodelocaldns.installer.metrics.PrometheusText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Scrapes every agent pod twice, {@code interval} apart: the hit ratio comes from the second scrape
 * ({@code hits / (hits + misses)} since start), the QPS from the growth of {@code
 * coredns_dns_requests_total} between the two.
 */
public final class StatusCollector {
  private final KubernetesClient client;
  private final MetricsScraper scraper;
  private final Pause pause;

  public StatusCollector(KubernetesClient client, MetricsScraper scraper, Pause pause) {
    this.client = client;
    this.scraper = scraper;
    this.pause = pause;
  }

  public List<NodeStatus> collect(AgentDaemonSet agent, Duration interval) {
    List<Pod> pods = agent.pods(client);
    Map<String, Optional<PrometheusText>> first = new LinkedHashMap<>();
    for (Pod pod : pods) {
      first.put(pod.getMetadata().getName(), scrape(agent, pod));
    }
    try {
      pause.sleep(interval);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InstallerException("interrupted between the two scrapes");
    }
    List<NodeStatus> rows = new ArrayList<>();
    double seconds = interval.toMillis() / 1000.0;
    for (Pod pod : pods) {
      String name = pod.getMetadata().getName();
      Optional<PrometheusText> second = scrape(agent, pod);
      Optional<Double> hitRatio =
          second.flatMap(
              m -> {
                double hits = m.sum("coredns_cache_hits_total").orElse(0.0);
                double misses = m.sum("coredns_cache_misses_total").orElse(0.0);
                return hits + misses > 0 ? Optional.of(hits / (hits + misses)) : Optional.empty();
              });
      Optional<Double> qps = Optional.empty();
      Optional<Double> before = first.get(name).flatMap(m -> m.sum("coredns_dns_requests_total"));
      Optional<Double> after = second.flatMap(m -> m.sum("coredns_dns_requests_total"));
      if (before.isPresent() && after.isPresent() && seconds > 0) {
        // a restart between the scrapes resets the counter; then the rate is unknown, not negative
        double delta = after.get() - before.get();
        qps = delta >= 0 ? Optional.of(delta / seconds) : Optional.empty();
      }
      rows.add(
          new NodeStatus(
              String.valueOf(pod.getSpec().getNodeName()),
              name,
              AgentDaemonSet.ready(pod),
              agent.imageTag(),
              second.flatMap(m -> m.label("coredns_build_info", "version")),
              hitRatio,
              qps));
    }
    return rows;
  }

  private Optional<PrometheusText> scrape(AgentDaemonSet agent, Pod pod) {
    return AgentDaemonSet.ready(pod)
        ? scraper.scrape(agent.namespace(), pod.getMetadata().getName())
        : Optional.empty();
  }

  /** A fixed-width table, one row per node; {@code -} where a figure is unknown. */
  public static String table(List<NodeStatus> rows) {
    List<String[]> cells = new ArrayList<>();
    cells.add(new String[] {"NODE", "POD", "READY", "VERSION", "HIT RATIO", "QPS"});
    for (NodeStatus r : rows) {
      String version =
          r.imageTag()
              + r.buildVersion()
                  .filter(v -> !v.equals(r.imageTag()))
                  .map(v -> " (agent " + v + ")")
                  .orElse("");
      cells.add(
          new String[] {
            r.node(),
            r.pod(),
            r.ready() ? "yes" : "no",
            version,
            r.hitRatio().map(h -> String.format(Locale.ROOT, "%.1f%%", h * 100)).orElse("-"),
            r.qps().map(q -> String.format(Locale.ROOT, "%.1f", q)).orElse("-")
          });
    }
    int[] widths = new int[6];
    for (String[] row : cells) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : cells) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(
            i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
