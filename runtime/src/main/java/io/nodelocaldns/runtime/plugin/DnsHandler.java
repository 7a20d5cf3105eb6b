package io.nodelocaldns.runtime.plugin;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One step of a server block's chain, as a CoreDNS plugin: it answers the request itself or asks
 * the next handler it was built with. Handlers never throw; failures become error responses.
 */
public interface DnsHandler {

  /** The directive this handler implements, used in logs and error messages. */
  String name();

  /** Answers {@code request}; the stage completes with the response for this client. */
  CompletionStage<DnsResponse> serve(Request request);

  /**
   * The response of {@code answered} if it is already there (a cache hit), else {@code null}: the
   * caller then handles it inline instead of through a callback stage, which would allocate.
   */
  static DnsResponse answeredNow(CompletableFuture<DnsResponse> answered) {
    return answered.isDone() && !answered.isCompletedExceptionally() ? answered.join() : null;
  }
}
