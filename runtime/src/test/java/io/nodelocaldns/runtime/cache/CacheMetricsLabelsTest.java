package io.nodelocaldns.runtime.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nodelocaldns.runtime.metrics.ServerLabels;
import io.nodelocaldns.runtime.plugin.Request;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.testing.LogCapture;
import io.nodelocaldns.runtime.testing.TestQueries;
import io.nodelocaldns.runtime.wire.DnsQuery;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** Queries that arrive on several addresses of one wildcard block share its server label. */
class CacheMetricsLabelsTest {
  @Test
  void addressesOfOneLabelShareItsMetersAndRegisterTheEntriesGaugesOnce() throws Exception {
    MeterRegistry registry = new SimpleMeterRegistry();
    CacheMetrics metrics =
        new CacheMetrics(
            registry,
            ServerLabels.of(List.of(InetAddress.getByName("0.0.0.0"))),
            List.of("cluster.local."));
    DnsQuery query = TestQueries.query("a.cluster.local.", Type.A);
    try (LogCapture log = LogCapture.of(MeterRegistry.class)) {
      for (String local : List.of("0.0.0.0", "10.96.0.10", "169.254.20.10")) {
        metrics.miss(
            new Request(
                query,
                Transport.UDP,
                TestQueries.CLIENT,
                new InetSocketAddress(InetAddress.getByName(local), 53),
                System.nanoTime()));
      }
      assertThat(log.lines()).noneMatch(line -> line.contains("already registered"));
    }
    assertThat(
            registry.get(CacheMetrics.REQUESTS).tag("server", "dns://0.0.0.0:53").counter().count())
        .isEqualTo(3);
    assertThat(registry.get(CacheMetrics.ENTRIES).gauges()).hasSize(CacheTier.values().length);
  }
}
