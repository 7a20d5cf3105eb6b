package io.nodelocaldns.runtime.errors;

import io.nodelocaldns.runtime.plugin.DnsHandler;
import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.HandlerFactory;
import io.nodelocaldns.runtime.plugin.Request;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.xbill.DNS.Type;

/**
 * The {@code errors} directive: logs each failure a handler reports, in CoreDNS's form, e.g. {@code
 * plugin/errors: 2 example.org. A: forward: 127.0.0.1:53: timeout}.
 */
public final class ErrorsHandler implements DnsHandler {
  private static final Logger LOG = Logger.getLogger("io.nodelocaldns.errors");

  private final DnsHandler next;
  private final Consumer<String> sink;

  public ErrorsHandler(DnsHandler next, Consumer<String> sink) {
    this.next = next;
    this.sink = sink;
  }

  public static HandlerFactory factory() {
    return next -> new ErrorsHandler(next, LOG::severe);
  }

  @Override
  public String name() {
    return "errors";
  }

  @Override
  public CompletionStage<DnsResponse> serve(Request request) {
    CompletableFuture<DnsResponse> answered = next.serve(request).toCompletableFuture();
    DnsResponse now = DnsHandler.answeredNow(answered);
    if (now != null) {
      report(request, now); // the same stage passed on
      return answered;
    }
    return answered.thenApply(
        response -> {
          report(request, response);
          return response;
        });
  }

  private void report(Request request, DnsResponse response) {
    if (response.failure() != null) {
      sink.accept(
          "plugin/errors: "
              + response.rcode()
              + " "
              + request.query().name()
              + " "
              + Type.string(request.query().qtype())
              + ": "
              + response.failure());
    }
  }
}
