package io.nodelocaldns.runtime.cache;

import io.nodelocaldns.runtime.plugin.DnsHandler;
import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.xbill.DNS.Message;

/**
 * The next handler in tests: counts calls and answers with what the test set, built with dnsjava
 * from the client's query. It can also hold its answers until the test releases them, fail its
 * stage, or answer with a failure string as a handler that synthesized an error does.
 */
final class StubNext implements DnsHandler {
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Pending> held = new CopyOnWriteArrayList<>();
  private volatile Function<Message, byte[]> answer;
  private volatile String failure;
  private volatile Throwable stageFailure;
  private volatile boolean holding;

  private StubNext(UnaryOperator<Message> answer) {
    this.answer = wire(answer);
  }

  static StubNext answering(UnaryOperator<Message> answer) {
    return new StubNext(answer);
  }

  /** Answers with {@code answer} from now on. */
  StubNext answer(UnaryOperator<Message> answer) {
    return answerWire(wire(answer));
  }

  /** Answers with the bytes {@code answer} makes, well-formed or not. */
  StubNext answerWire(Function<Message, byte[]> answer) {
    this.answer = answer;
    this.failure = null;
    this.stageFailure = null;
    return this;
  }

  /** Answers with {@code answer} marked as a failure the handler synthesized. */
  StubNext answerWithFailure(UnaryOperator<Message> answer, String failure) {
    this.answer = wire(answer);
    this.failure = failure;
    return this;
  }

  /** Completes every stage exceptionally with {@code error} from now on. */
  StubNext failStage(Throwable error) {
    this.stageFailure = error;
    return this;
  }

  /** Leaves stages pending until {@link #release()}. */
  StubNext hold() {
    holding = true;
    return this;
  }

  /** Completes the held stages with the current answer and stops holding. */
  void release() {
    holding = false;
    for (Pending pending : held) {
      complete(pending.request(), pending.stage());
    }
    held.clear();
  }

  int calls() {
    return requests.size();
  }

  List<Request> requests() {
    return requests;
  }

  @Override
  public String name() {
    return "stub";
  }

  @Override
  public CompletionStage<DnsResponse> serve(Request request) {
    requests.add(request);
    CompletableFuture<DnsResponse> stage = new CompletableFuture<>();
    if (holding) {
      held.add(new Pending(request, stage));
    } else {
      complete(request, stage);
    }
    return stage;
  }

  private void complete(Request request, CompletableFuture<DnsResponse> stage) {
    if (stageFailure != null) {
      stage.completeExceptionally(stageFailure);
      return;
    }
    try {
      byte[] reply = answer.apply(new Message(request.query().wire()));
      stage.complete(new DnsResponse(reply, failure));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Function<Message, byte[]> wire(UnaryOperator<Message> answer) {
    return query -> answer.apply(query).toWire();
  }

  private record Pending(Request request, CompletableFuture<DnsResponse> stage) {}
}
