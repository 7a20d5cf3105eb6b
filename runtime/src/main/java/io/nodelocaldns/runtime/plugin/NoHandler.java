package io.nodelocaldns.runtime.plugin;

import io.nodelocaldns.runtime.wire.Rcode;
import io.nodelocaldns.runtime.wire.Responses;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The end of every chain: nothing answered, so SERVFAIL, as CoreDNS does. */
public final class NoHandler implements DnsHandler {
  public static final NoHandler INSTANCE = new NoHandler();

  private NoHandler() {}

  @Override
  public String name() {
    return "end of chain";
  }

  @Override
  public CompletionStage<DnsResponse> serve(Request request) {
    return CompletableFuture.completedFuture(
        DnsResponse.failed(
            Responses.error(request.query(), Rcode.SERVFAIL), "no next handler found"));
  }
}
