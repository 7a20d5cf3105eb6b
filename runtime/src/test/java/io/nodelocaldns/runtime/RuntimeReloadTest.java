package io.nodelocaldns.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nodelocaldns.runtime.config.CorefileParser;
import io.nodelocaldns.runtime.plugin.Corefile;
import io.nodelocaldns.runtime.reload.CorefileWatcher;
import io.nodelocaldns.runtime.server.DnsListener;
import io.nodelocaldns.runtime.testing.DnsClient;
import io.nodelocaldns.runtime.testing.FreePorts;
import io.nodelocaldns.runtime.testing.MetricsScrape;
import io.nodelocaldns.runtime.testing.QueryLoad;
import io.nodelocaldns.runtime.testing.UnboundServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Live reload of a running runtime in front of a real unbound: through {@link DnsRuntime#reload}
 * directly, and through the {@code reload} directive's watcher on a real file (its shortest
 * interval, 2 s ± 1 s, so these tests wait for it with generous limits and never time it).
 */
class RuntimeReloadTest {
  private static final Duration GENEROUS = Duration.ofSeconds(60);
  private static final String CLUSTER_NAME = "kubernetes.default.svc.cluster.local.";
  private static final String EXTERNAL_NAME = "www.example.";

  private static UnboundServer upstream;
  @TempDir Path dir;
  private int port;
  private DnsRuntime runtime;
  private Optional<CorefileWatcher> watcher = Optional.empty();

  @BeforeAll
  static void startUpstream() {
    UnboundServer.assumeInstalled();
    upstream =
        UnboundServer.builder()
            .localZone("cluster.local.")
            .localZone("example.")
            .localData("kubernetes.default.svc.cluster.local. 300 IN A 10.96.0.1")
            .localData("www.example. 300 IN A 192.0.2.10")
            .start();
  }

  @AfterAll
  static void stopUpstream() {
    if (upstream != null) {
      upstream.close();
    }
  }

  @BeforeEach
  void ports() {
    upstream.resetStatistics();
    port = FreePorts.udpAndTcp();
  }

  @AfterEach
  void stop() {
    watcher.ifPresent(CorefileWatcher::close);
    if (runtime != null) {
      runtime.close();
    }
  }

  /** Two blocks on one port; the cluster block's success capacity and an extra block vary. */
  private String corefile(int clusterCapacity, String extraBlock) {
    return """
        %4$s
        cluster.local:%1$d {
            bind 127.0.0.1
            reload 2s
            cache 30 {
                success %2$d
            }
            forward . 127.0.0.1:%3$d
        }
        example:%1$d {
            bind 127.0.0.1
            cache 30
            forward . 127.0.0.1:%3$d
        }
        """
        .formatted(port, clusterCapacity, upstream.port(), extraBlock);
  }

  private String testBlock(int testPort) {
    return "test:%d {\n    bind 127.0.0.1\n    forward . 127.0.0.1:%d\n}\n"
        .formatted(testPort, upstream.port());
  }

  private InetSocketAddress dns() {
    return FreePorts.loopback(port);
  }

  private void start(String text) {
    runtime = DnsRuntime.start(parse(text), RuntimeOptions.defaults());
  }

  private static Corefile parse(String text) {
    return CorefileParser.parse("Corefile", text, Map.of());
  }

  @Test
  void anUnchangedBlockKeepsItsCacheAndAChangedOneStartsAfresh() throws Exception {
    start(corefile(1000, ""));
    assertThat(answer(CLUSTER_NAME)).isEqualTo("10.96.0.1");
    assertThat(answer(EXTERNAL_NAME)).isEqualTo("192.0.2.10");
    assertThat(upstream.queries()).isEqualTo(2);

    // a block added above both moves them down the file; the cluster block's cache grows
    runtime.reload(parse(corefile(2000, testBlock(FreePorts.udpAndTcp()))));

    assertThat(answer(EXTERNAL_NAME)).isEqualTo("192.0.2.10");
    assertThat(upstream.queries()).as("the example block's cache survived").isEqualTo(2);
    assertThat(answer(CLUSTER_NAME)).isEqualTo("10.96.0.1");
    assertThat(upstream.queries()).as("the changed block has a new, empty cache").isEqualTo(3);
    assertThat(runtime.retiredChainsWaiting())
        .as("the old cluster chain waits for its queries")
        .isEqualTo(1);
    await().atMost(GENEROUS).until(() -> runtime.retiredChainsWaiting() == 0);
  }

  @Test
  void metricsFollowTheChainsAReloadBuildsAndCountFailedReloads() throws Exception {
    InetSocketAddress metricsAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    String withMetrics =
        corefile(1000, "").replace("reload 2s", "reload 2s\n    prometheus 127.0.0.1:0");
    Path file = write(dir.resolve("Corefile"), withMetrics);
    startWatching(file);
    InetSocketAddress metrics = runtime.httpAddress(metricsAddress);
    Map<String, String> clusterSuccess = Map.of("zones", "cluster.local.", "type", "success");
    answer(CLUSTER_NAME);
    assertThat(MetricsScrape.fetch(metrics).sum("coredns_cache_entries", clusterSuccess))
        .isEqualTo(1);

    // the cluster block's cache is rebuilt, empty: the gauge must show the new cache
    String bigger = withMetrics.replace("success 1000", "success 2000");
    write(file, bigger);
    await().atMost(GENEROUS).until(() -> runtime.corefile().text().equals(bigger));
    await().atMost(GENEROUS).until(() -> runtime.retiredChainsWaiting() == 0);
    assertThat(MetricsScrape.fetch(metrics).sum("coredns_cache_entries", clusterSuccess)).isZero();
    answer(CLUSTER_NAME);
    assertThat(MetricsScrape.fetch(metrics).sum("coredns_cache_entries", clusterSuccess))
        .isEqualTo(1);

    write(file, bigger.replace("cache 30 {", "cache 30 {\n        bogus"));
    await().atMost(GENEROUS).until(() -> runtime.reloadEvents().failures() == 1);
    assertThat(MetricsScrape.fetch(metrics).value("coredns_reload_failed_total", Map.of()))
        .isEqualTo(1);

    // a block a reload removes: its cache is closed, its series stay and read 0
    answer(EXTERNAL_NAME);
    String withoutExample = bigger.substring(0, bigger.indexOf("example:"));
    write(file, withoutExample);
    await().atMost(GENEROUS).until(() -> runtime.corefile().text().equals(withoutExample));
    await().atMost(GENEROUS).until(() -> runtime.retiredChainsWaiting() == 0);
    assertThat(
            MetricsScrape.fetch(metrics).sum("coredns_cache_entries", Map.of("zones", "example.")))
        .isZero();
  }

  @Test
  void aNewAddressIsServedAndARemovedOneClosed() throws Exception {
    start(corefile(1000, ""));
    int testPort = FreePorts.udpAndTcp();
    runtime.reload(parse(corefile(1000, testBlock(testPort))));
    assertThat(DnsClient.udp(FreePorts.loopback(testPort)).query("a.test.", Type.A).getRcode())
        .isEqualTo(Rcode.NXDOMAIN);

    runtime.reload(parse(corefile(1000, "")));
    assertThatThrownBy(() -> DnsClient.tcp(FreePorts.loopback(testPort)).query("a.test.", Type.A))
        .isInstanceOf(IOException.class);
    assertThat(answer(CLUSTER_NAME)).isEqualTo("10.96.0.1");
  }

  @Test
  void aReloadWhoseAddressIsTakenChangesNothing() throws Exception {
    start(corefile(1000, ""));
    int taken = FreePorts.udpAndTcp();
    try (ServerSocket busy = new ServerSocket(taken, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> runtime.reload(parse(corefile(2000, testBlock(taken)))))
          .isInstanceOf(DnsListener.BindException.class);
    }
    assertThat(runtime.corefile().text()).isEqualTo(corefile(1000, ""));
    assertThat(answer(CLUSTER_NAME)).isEqualTo("10.96.0.1");
    assertThat(runtime.addresses()).extracting(a -> a.port()).containsExactly(port);
  }

  @Test
  void reloadsUnderLoadLoseNoQuery() throws Exception {
    Path file = write(dir.resolve("Corefile"), corefile(1000, ""));
    startWatching(file);
    int testPort = FreePorts.udpAndTcp();
    List<String> versions =
        List.of(
            corefile(1000, testBlock(testPort)), // a block on a new address
            corefile(2000, testBlock(testPort)), // another block's cache size
            corefile(2000, ""), // the new block and its address go again
            corefile(3000, testBlock(testPort)));

    try (QueryLoad load = QueryLoad.start(dns(), List.of(CLUSTER_NAME, EXTERNAL_NAME))) {
      await().atMost(GENEROUS).until(() -> load.answered() > 0);
      for (String version : versions) {
        long before = load.answered();
        write(file, version);
        await().atMost(GENEROUS).until(() -> runtime.corefile().text().equals(version));
        await().atMost(GENEROUS).until(() -> load.answered() > before); // queries flowed across it
      }
      load.close();
      assertThat(load.failures()).as("failed queries during %d reloads", versions.size()).isEmpty();
      assertThat(load.answered()).isPositive();
    }
    assertThat(runtime.reloadEvents().failures()).isZero();
    assertThat(DnsClient.udp(FreePorts.loopback(testPort)).query("a.test.", Type.A).getRcode())
        .isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void aBrokenCorefileKeepsServingAndIsCounted() throws Exception {
    Path file = write(dir.resolve("Corefile"), corefile(1000, ""));
    startWatching(file);
    write(file, corefile(1000, "").replace("cache 30 {", "cache 30 {\n        bogus 1"));
    await().atMost(GENEROUS).until(() -> runtime.reloadEvents().failures() == 1);
    assertThat(runtime.corefile().text()).isEqualTo(corefile(1000, ""));
    assertThat(answer(CLUSTER_NAME)).isEqualTo("10.96.0.1");
    assertThat(DnsClient.tcp(dns()).query(EXTERNAL_NAME, Type.A).getRcode())
        .isEqualTo(Rcode.NOERROR);

    String fixed = corefile(2000, "");
    write(file, fixed);
    await().atMost(GENEROUS).until(() -> runtime.corefile().text().equals(fixed));
    assertThat(runtime.reloadEvents().failures()).isEqualTo(1);
  }

  @Test
  void aConfigMapUpdateIsAppliedThroughItsSymlinks() throws Exception {
    write(dir.resolve("..2026_01_01_00_00_00.1/Corefile"), corefile(1000, ""));
    Files.createSymbolicLink(dir.resolve("..data"), Path.of("..2026_01_01_00_00_00.1"));
    Path file = Files.createSymbolicLink(dir.resolve("Corefile"), Path.of("..data/Corefile"));
    startWatching(file);

    int testPort = FreePorts.udpAndTcp();
    String updated = corefile(1000, testBlock(testPort));
    write(dir.resolve("..2026_01_01_00_05_00.2/Corefile"), updated);
    Files.createSymbolicLink(dir.resolve("..data_tmp"), Path.of("..2026_01_01_00_05_00.2"));
    Files.move(
        dir.resolve("..data_tmp"),
        dir.resolve("..data"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);

    await().atMost(GENEROUS).until(() -> runtime.corefile().text().equals(updated));
    assertThat(DnsClient.udp(FreePorts.loopback(testPort)).query("a.test.", Type.A).getRcode())
        .isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void noReloadOnceShuttingDown() {
    start(corefile(1000, ""));
    runtime.close();
    runtime.reload(parse(corefile(2000, "")));
    assertThat(runtime.corefile().text()).isEqualTo(corefile(1000, ""));
  }

  private void startWatching(Path file) {
    Optional<String> sha512 = CorefileWatcher.sha512Of(file);
    Corefile corefile = CorefileParser.load(file, Map.of());
    runtime = DnsRuntime.start(corefile, RuntimeOptions.defaults());
    watcher =
        CorefileWatcher.start(
            file,
            sha512,
            corefile,
            (source, text) -> CorefileParser.parse(source, text, Map.of()),
            runtime,
            runtime.reloadEvents());
    assertThat(watcher).isPresent();
  }

  private String answer(String name) throws IOException {
    return DnsClient.udp(dns())
        .query(name, Type.A)
        .getSection(org.xbill.DNS.Section.ANSWER)
        .get(0)
        .rdataToString();
  }

  private static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    // replace in one step, as editors and kubelet do, so the watcher never reads half a file
    Path temporary = Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"), text);
    return Files.move(
        temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
