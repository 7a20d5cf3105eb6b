package io.nodelocaldns.runtime.testing;

import io.nodelocaldns.runtime.DnsRuntime;
import io.nodelocaldns.runtime.RuntimeOptions;
import io.nodelocaldns.runtime.config.CorefileParser;
import io.nodelocaldns.runtime.plugin.Corefile;
import io.nodelocaldns.runtime.prometheus.PrometheusConfig;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * A whole runtime started from a Corefile whose blocks listen on port 0 and whose {@code
 * prometheus} names {@code 127.0.0.1:0}, with what metrics tests need: where to send queries, the
 * {@code server} label they get, and a scrape of {@code /metrics} over HTTP.
 */
public final class MetricsRuntime implements AutoCloseable {
  private final DnsRuntime runtime;
  private final Corefile corefile;

  private MetricsRuntime(DnsRuntime runtime, Corefile corefile) {
    this.runtime = runtime;
    this.corefile = corefile;
  }

  public static MetricsRuntime start(String corefile, MutableClock clock) {
    Corefile parsed = CorefileParser.parse("Corefile", corefile, Map.of());
    return new MetricsRuntime(
        DnsRuntime.start(parsed, RuntimeOptions.defaults().withClock(clock)), parsed);
  }

  /** Where the first block listens. */
  public InetSocketAddress dns() {
    return runtime.addresses().get(0).socketAddress();
  }

  /** The {@code server} label of queries sent to {@link #dns()}: {@code dns://127.0.0.1:PORT}. */
  public String server() {
    return runtime.addresses().get(0).label();
  }

  /** Where the first {@code prometheus} of the Corefile is served. */
  public InetSocketAddress metricsAddress() {
    return metricsAddress(
        corefile.servers().stream()
            .flatMap(s -> s.get(PrometheusConfig.class).stream())
            .findFirst()
            .orElseThrow()
            .address());
  }

  /** Where the {@code prometheus} that asked for {@code requested} is served. */
  public InetSocketAddress metricsAddress(InetSocketAddress requested) {
    return runtime.httpAddress(requested);
  }

  public MetricsScrape scrape() {
    return MetricsScrape.fetch(metricsAddress());
  }

  @Override
  public void close() {
    runtime.close();
  }

  /** {@code labels} and one more. */
  public static Map<String, String> with(Map<String, String> labels, String key, String value) {
    Map<String, String> more = new HashMap<>(labels);
    more.put(key, value);
    return Map.copyOf(more);
  }

  /** {@code address} as a Corefile writes it: {@code 127.0.0.1:5353}. */
  public static String hostPort(InetSocketAddress address) {
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }
}
