package io.nodelocaldns.runtime.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.NoHandler;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.testing.DnsClient;
import io.nodelocaldns.runtime.testing.TestQueries;
import io.nodelocaldns.runtime.testing.UnboundServer;
import io.nodelocaldns.runtime.transport.NettyTransport;
import io.nodelocaldns.runtime.upstream.UpstreamClient;
import io.nodelocaldns.runtime.wire.DnsQuery;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Identical queries in flight together become one upstream query. */
class ForwardCoalescingTest extends ForwardTestSupport {
  private static final int CLIENTS = 20;

  private EventLoop loop;

  @Test
  void identicalQueriesInFlightShareOneUpstreamQuery() throws Exception {
    try (UnboundServer unbound = UnboundServer.start("svc.cluster.local. 30 IN A 10.0.0.1")) {
      ForwardHandler forward = handlerOnOneLoop(TestConfig.forwardTo(unbound.address()));
      List<DnsQuery> queries = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        queries.add(TestQueries.query(spelling("svc.cluster.local.", i), Type.A));
      }

      List<DnsResponse> responses = serveAllAtOnce(forward, queries);

      assertThat(unbound.queries()).isEqualTo(1);
      for (int i = 0; i < CLIENTS; i++) {
        DnsQuery query = queries.get(i);
        DnsResponse response = responses.get(i);
        assertThat(addresses(response)).containsExactly("10.0.0.1");
        assertThat(parse(response).getHeader().getID()).isEqualTo(query.id());
        assertThat(Arrays.copyOfRange(response.wire(), 12, query.questionEnd()))
            .as("client %d's spelling %s", i, query.name())
            .isEqualTo(Arrays.copyOfRange(query.wire(), 12, query.questionEnd()));
      }
    }
  }

  @Test
  void queriesAreMergedOnlyWithThoseOfTheSameDoBit() throws Exception {
    try (UnboundServer unbound = UnboundServer.start("a.test. 30 IN A 10.0.0.1")) {
      ForwardHandler forward = handlerOnOneLoop(TestConfig.forwardTo(unbound.address()));
      Message withDo = DnsClient.newQuery("a.test.", Type.A);
      withDo.removeRecord(withDo.getOPT(), Section.ADDITIONAL);
      withDo.addRecord(new OPTRecord(1232, 0, 0, 0x8000), Section.ADDITIONAL);

      serveAllAtOnce(
          forward,
          List.of(
              TestQueries.query("a.test.", Type.A), TestQueries.decode(withDo),
              TestQueries.query("A.test.", Type.A), TestQueries.decode(withDo)));

      assertThat(unbound.queries()).isEqualTo(2);
    }
  }

  @Test
  void aQueryAfterTheFirstCompletedGoesUpstreamAgain() {
    try (UnboundServer unbound = UnboundServer.start("a.test. 30 IN A 10.0.0.1")) {
      ForwardHandler forward = handler(TestConfig.forwardTo(unbound.address()));

      serve(forward, "a.test.", Type.A);
      serve(forward, "a.test.", Type.A);

      assertThat(unbound.queries()).isEqualTo(2);
    }
  }

  /**
   * A handler whose upstream sockets all live on one event loop, {@link #loop}: see {@link
   * #serveAllAtOnce}.
   */
  private ForwardHandler handlerOnOneLoop(TestConfig config) {
    loop = group.next();
    ForwardContext oneLoop =
        new ForwardContext(
            new UpstreamClient(loop, NettyTransport.best()), events, ForwardTimeouts.DEFAULTS);
    return handler(config, oneLoop, NoHandler.INSTANCE);
  }

  /**
   * Serves every query from inside one task on the event loop the upstream sockets use: no response
   * can be read before the task ends, so all queries are in flight together, deterministically.
   */
  private List<DnsResponse> serveAllAtOnce(ForwardHandler forward, List<DnsQuery> queries)
      throws Exception {
    List<CompletionStage<DnsResponse>> stages =
        loop.submit(
                () -> {
                  List<CompletionStage<DnsResponse>> started = new ArrayList<>();
                  for (DnsQuery query : queries) {
                    started.add(forward.serve(TestQueries.request(query, Transport.UDP)));
                  }
                  return started;
                })
            .get();
    return stages.stream().map(ForwardTestSupport::answerOf).toList();
  }

  /** {@code name} with letters upper-cased by the bits of {@code i}, so every client differs. */
  private static String spelling(String name, int i) {
    StringBuilder out = new StringBuilder();
    int bit = 0;
    for (char c : name.toCharArray()) {
      out.append(
          Character.isLetter(c) && ((i >> (bit++ % 5)) & 1) == 1 ? Character.toUpperCase(c) : c);
    }
    return out.toString();
  }
}
