package io.nodelocaldns.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nodelocaldns.runtime.plugin.NoHandler;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZoneRouterTest {
  private final ServerBlock cluster = block("cluster.local.");
  private final ServerBlock svc = block("svc.cluster.local.");
  private final ServerBlock reverse = block("in-addr.arpa.", "ip6.arpa.");
  private final ServerBlock root = block(".");
  private final ZoneRouter router = new ZoneRouter(List.of(cluster, svc, reverse, root));

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "kubernetes.default.svc.cluster.local., svc",
    "svc.cluster.local., svc",
    "pod.cluster.local., cluster",
    "cluster.local., cluster",
    "xcluster.local., root",
    "10.0.96.10.in-addr.arpa., reverse",
    "example.com., root",
    "., root",
  })
  void longestZoneWins(String name, String expected) {
    ServerBlock block = router.route(name).orElseThrow();
    ServerBlock want =
        switch (expected) {
          case "svc" -> svc;
          case "cluster" -> cluster;
          case "reverse" -> reverse;
          default -> root;
        };
    assertThat(block).isSameAs(want);
  }

  @Test
  void noRootBlockMeansNoRoute() {
    ZoneRouter onlyCluster = new ZoneRouter(List.of(cluster));
    assertThat(onlyCluster.route("example.com.")).isEmpty();
    assertThat(onlyCluster.route("a\\.b.cluster.local.")).contains(cluster);
    assertThat(onlyCluster.route("a\\.cluster.local."))
        .as("an escaped dot is not a label boundary")
        .isEmpty();
  }

  @Test
  void sameZoneTwiceIsRejected() {
    assertThatThrownBy(() -> new ZoneRouter(List.of(cluster, block("cluster.local."))))
        .hasMessageContaining("cluster.local.");
  }

  private static ServerBlock block(String... zones) {
    return new ServerBlock(List.of(zones), NoHandler.INSTANCE, List.of());
  }
}
