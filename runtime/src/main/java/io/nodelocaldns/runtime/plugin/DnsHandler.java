package io.nodelocaldns.runtime.plugin;

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
}
