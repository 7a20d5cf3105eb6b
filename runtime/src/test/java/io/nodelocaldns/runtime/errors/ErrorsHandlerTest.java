package io.nodelocaldns.runtime.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.runtime.plugin.DnsHandler;
import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.Request;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.wire.QueryDecoder;
import io.nodelocaldns.runtime.wire.Rcode;
import io.nodelocaldns.runtime.wire.Responses;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The {@code errors} directive logs a handler's failure in CoreDNS's form, answered now or later.
 */
class ErrorsHandlerTest {
  private final List<String> logged = new ArrayList<>();

  @Test
  void aFailureAnsweredAtOnceIsLoggedAndTheAnswerPassedOn() throws Exception {
    Request request = request("Svc.Example.");
    DnsResponse failed =
        DnsResponse.failed(Responses.error(request.query(), Rcode.SERVFAIL), "forward: timeout");

    DnsResponse answer = serve(request, CompletableFuture.completedFuture(failed)).join();

    assertThat(answer).isSameAs(failed);
    assertThat(logged).containsExactly("plugin/errors: 2 Svc.Example. A: forward: timeout");
  }

  @Test
  void aFailureAnsweredLaterIsLoggedWhenItComes() throws Exception {
    Request request = request("later.example.");
    CompletableFuture<DnsResponse> later = new CompletableFuture<>();

    CompletableFuture<DnsResponse> answer = serve(request, later);
    assertThat(logged).isEmpty();
    later.complete(
        DnsResponse.failed(Responses.error(request.query(), Rcode.SERVFAIL), "no upstream"));

    assertThat(answer.join().failure()).isEqualTo("no upstream");
    assertThat(logged).containsExactly("plugin/errors: 2 later.example. A: no upstream");
  }

  @Test
  void anAnswerWithoutFailureLogsNothing() throws Exception {
    Request request = request("ok.example.");
    DnsResponse ok = DnsResponse.of("stub", Responses.error(request.query(), Rcode.NOERROR));

    assertThat(serve(request, CompletableFuture.completedFuture(ok)).join()).isSameAs(ok);
    assertThat(logged).isEmpty();
  }

  private CompletableFuture<DnsResponse> serve(
      Request request, CompletableFuture<DnsResponse> next) {
    DnsHandler stub =
        new DnsHandler() {
          @Override
          public String name() {
            return "stub";
          }

          @Override
          public CompletionStage<DnsResponse> serve(Request r) {
            return next;
          }
        };
    return new ErrorsHandler(stub, logged::add).serve(request).toCompletableFuture();
  }

  private static Request request(String name) throws Exception {
    byte[] wire = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, 1)).toWire();
    QueryDecoder.Valid valid = (QueryDecoder.Valid) QueryDecoder.decode(wire);
    InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 53);
    return new Request(valid.query(), Transport.UDP, loopback, loopback, System.nanoTime());
  }
}
