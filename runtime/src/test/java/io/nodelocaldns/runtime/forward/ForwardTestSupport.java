package io.nodelocaldns.runtime.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.nodelocaldns.runtime.plugin.DnsHandler;
import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.NoHandler;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.testing.RecordingUpstreamListener;
import io.nodelocaldns.runtime.testing.TestQueries;
import io.nodelocaldns.runtime.transport.NettyTransport;
import io.nodelocaldns.runtime.wire.DnsQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;

/**
 * Event loops for a test class, a recording listener per test, and handlers that are closed after
 * each test. Nothing here sends traffic: tests point handlers at servers on 127.0.0.1.
 */
abstract class ForwardTestSupport {
  /** How long a test waits for a handler's answer: far above any deadline, never asserted. */
  static final long ANSWER_WAIT_SECONDS = 20;

  static EventLoopGroup group;

  RecordingUpstreamListener events;
  private final List<ForwardHandler> handlers = new ArrayList<>();

  @BeforeAll
  static void startLoops() {
    group = NettyTransport.best().newGroup(2, "forward-test");
  }

  @AfterAll
  static void stopLoops() throws InterruptedException {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    assertThat(group.isTerminated()).isTrue();
  }

  @BeforeEach
  void newListener() {
    events = new RecordingUpstreamListener();
  }

  @AfterEach
  void closeHandlers() {
    handlers.forEach(ForwardHandler::close);
  }

  ForwardContext context() {
    return ForwardContext.of(group, NettyTransport.best()).withListener(events);
  }

  ForwardHandler handler(TestConfig config) {
    return handler(config, context(), NoHandler.INSTANCE);
  }

  ForwardHandler handler(TestConfig config, ForwardContext context, DnsHandler next) {
    ForwardHandler handler =
        (ForwardHandler) ForwardHandler.factory(config.build(), context).create(next);
    handlers.add(handler);
    return handler;
  }

  static DnsResponse serve(DnsHandler handler, DnsQuery query, Transport transport) {
    return answerOf(handler.serve(TestQueries.request(query, transport)));
  }

  static DnsResponse serve(DnsHandler handler, String name, int type) {
    return serve(handler, TestQueries.query(name, type), Transport.UDP);
  }

  static DnsResponse answerOf(CompletionStage<DnsResponse> stage) {
    try {
      return stage.toCompletableFuture().get(ANSWER_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("no response from the handler", e);
    }
  }

  static Message parse(DnsResponse response) {
    return TestQueries.parse(response.wire());
  }

  static List<String> addresses(DnsResponse response) {
    return parse(response).getSection(Section.ANSWER).stream()
        .filter(ARecord.class::isInstance)
        .map(r -> ((ARecord) r).getAddress().getHostAddress())
        .toList();
  }
}
