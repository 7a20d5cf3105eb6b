package io.nodelocaldns.runtime.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.runtime.testing.UnboundServer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** The order upstreams are tried in, alone and against real servers. */
class UpstreamPolicyTest extends ForwardTestSupport {
  private static final List<String> ABC = List.of("a", "b", "c");

  @Test
  void sequentialKeepsTheWrittenOrder() {
    UpstreamPolicy policy = UpstreamPolicy.of(ForwardConfig.Policy.SEQUENTIAL);

    assertThat(policy.order(ABC)).containsExactly("a", "b", "c");
    assertThat(policy.order(ABC)).containsExactly("a", "b", "c");
  }

  @Test
  void roundRobinStartsOneFurtherEachTime() {
    UpstreamPolicy policy = UpstreamPolicy.of(ForwardConfig.Policy.ROUND_ROBIN);

    assertThat(policy.order(ABC)).containsExactly("a", "b", "c");
    assertThat(policy.order(ABC)).containsExactly("b", "c", "a");
    assertThat(policy.order(ABC)).containsExactly("c", "a", "b");
    assertThat(policy.order(ABC)).containsExactly("a", "b", "c");
  }

  @Test
  void randomGivesPermutationsAndNotAlwaysTheSame() {
    UpstreamPolicy policy = UpstreamPolicy.of(ForwardConfig.Policy.RANDOM);
    Set<List<String>> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      List<String> order = policy.order(ABC);
      assertThat(order).containsExactlyInAnyOrderElementsOf(ABC);
      seen.add(order);
    }

    assertThat(seen).hasSize(6); // all 3! orders turn up in 200 draws (miss chance ~1e-15)
  }

  @Test
  void downUpstreamsComeLastAndAllDownGivesSomeOrderOfAll() {
    UpstreamPolicy policy = UpstreamPolicy.of(ForwardConfig.Policy.SEQUENTIAL);

    assertThat(policy.attemptOrder(ABC, "a"::equals)).containsExactly("b", "c", "a");
    assertThat(policy.attemptOrder(ABC, s -> true)).containsExactlyInAnyOrderElementsOf(ABC);
  }

  @Test
  void sequentialSendsEverythingToTheFirstUpstream() {
    try (UnboundServer first = UnboundServer.start("a.test. 30 IN A 10.0.0.1");
        UnboundServer second = UnboundServer.start("a.test. 30 IN A 10.0.0.2")) {
      ForwardHandler forward = handler(TestConfig.forwardTo(first.address(), second.address()));
      askDistinctNames(forward, 6);

      assertThat(first.queries()).isEqualTo(6);
      assertThat(second.queries()).isZero();
    }
  }

  @Test
  void roundRobinAlternates() {
    try (UnboundServer first = UnboundServer.start();
        UnboundServer second = UnboundServer.start()) {
      ForwardHandler forward =
          handler(
              TestConfig.forwardTo(first.address(), second.address())
                  .policy(ForwardConfig.Policy.ROUND_ROBIN));
      askDistinctNames(forward, 10);

      assertThat(first.queries()).isEqualTo(5);
      assertThat(second.queries()).isEqualTo(5);
    }
  }

  @Test
  void randomSpreadsOverAll() {
    try (UnboundServer first = UnboundServer.start();
        UnboundServer second = UnboundServer.start()) {
      ForwardHandler forward =
          handler(
              TestConfig.forwardTo(first.address(), second.address())
                  .policy(ForwardConfig.Policy.RANDOM));
      askDistinctNames(forward, 40);

      // each gets some (a miss has probability 2^-39)
      assertThat(first.queries()).isPositive();
      assertThat(second.queries()).isPositive();
      assertThat(first.queries() + second.queries()).isEqualTo(40);
    }
  }

  private static void askDistinctNames(ForwardHandler forward, int n) {
    for (int i = 0; i < n; i++) {
      serve(forward, "n" + i + ".test.", Type.A);
    }
  }
}
