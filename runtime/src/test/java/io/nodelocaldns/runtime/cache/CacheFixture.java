package io.nodelocaldns.runtime.cache;

import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.Request;
import io.nodelocaldns.runtime.testing.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** What handler tests share: a clock, a stub next handler, handlers closed after each test. */
abstract class CacheFixture {
  final MutableClock clock = MutableClock.create();
  final StubNext next = StubNext.answering(UpstreamAnswers.a("192.0.2.1", 300));
  final RecordingEvents events = new RecordingEvents();
  private final List<CacheHandler> handlers = new ArrayList<>();

  @AfterEach
  void closeHandlers() {
    handlers.forEach(CacheHandler::close);
  }

  CacheHandler handler(CacheConfig config) {
    return handler(config, Runnable::run);
  }

  CacheHandler handler(CacheConfig config, Executor refreshExecutor) {
    CacheHandler handler = new CacheHandler(config, next, clock, refreshExecutor, events);
    handlers.add(handler);
    return handler;
  }

  CacheHandler handler(TestConfigs config) {
    return handler(config.build());
  }

  /** The upstream's answer from now on. */
  void upstream(UnaryOperator<Message> answer) {
    next.answer(answer);
  }

  /** Serves {@code request} and parses the answer; the stage must already be complete. */
  static Message ask(CacheHandler handler, Request request) {
    CompletableFuture<DnsResponse> stage = handler.serve(request).toCompletableFuture();
    return parse(stage.getNow(null));
  }

  static Message parse(DnsResponse response) {
    if (response == null) {
      throw new AssertionError("the handler's stage is not complete");
    }
    try {
      return new Message(response.wire());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The TTL of every record in the answer, authority and additional sections (OPT excluded). */
  static List<Long> ttls(Message message) {
    List<Long> ttls = new ArrayList<>();
    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
      for (Record record : message.getSection(section)) {
        if (record.getType() != Type.OPT) {
          ttls.add(record.getTTL());
        }
      }
    }
    return ttls;
  }
}
