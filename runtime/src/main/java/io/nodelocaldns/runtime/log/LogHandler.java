package io.nodelocaldns.runtime.log;

import io.nodelocaldns.runtime.plugin.DnsHandler;
import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.HandlerFactory;
import io.nodelocaldns.runtime.plugin.Request;
import io.nodelocaldns.runtime.wire.DnsFlags;
import io.nodelocaldns.runtime.wire.DnsNames;
import io.nodelocaldns.runtime.wire.Rcode;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.logging.Logger;

/** The {@code log} directive: one line per answered query, in CoreDNS's common format. */
public final class LogHandler implements DnsHandler {
  /** Query lines go to this logger at INFO, so they can be routed or silenced on their own. */
  public static final Logger QUERY_LOG = Logger.getLogger("io.nodelocaldns.query");

  private final LogConfig config;
  private final DnsHandler next;
  private final Consumer<String> sink;

  public LogHandler(LogConfig config, DnsHandler next, Consumer<String> sink) {
    this.config = config;
    this.next = next;
    this.sink = sink;
  }

  public static HandlerFactory factory(LogConfig config) {
    return next -> new LogHandler(config, next, QUERY_LOG::info);
  }

  @Override
  public String name() {
    return "log";
  }

  @Override
  public CompletionStage<DnsResponse> serve(Request request) {
    CompletionStage<DnsResponse> answer = next.serve(request);
    if (!logsName(request.query().lowerName())) {
      return answer;
    }
    return answer.thenApply(
        response -> {
          if (logsClass(response)) {
            sink.accept(
                QueryLogFormatter.format(
                    request, response, System.nanoTime() - request.startNanos()));
          }
          return response;
        });
  }

  private boolean logsName(String lowerName) {
    for (String name : config.names()) {
      if (DnsNames.isInZone(lowerName, name)) {
        return true;
      }
    }
    return false;
  }

  private boolean logsClass(DnsResponse response) {
    if (config.classes().contains(LogConfig.ResponseClass.ALL)) {
      return true;
    }
    return config.classes().contains(classify(response));
  }

  /**
   * CoreDNS's response classes: denial is NXDOMAIN or an empty NOERROR, error any other failure.
   */
  static LogConfig.ResponseClass classify(DnsResponse response) {
    int rcode = response.rcode();
    if (rcode == Rcode.NXDOMAIN
        || (rcode == Rcode.NOERROR && DnsFlags.anCount(response.wire()) == 0)) {
      return LogConfig.ResponseClass.DENIAL;
    }
    return rcode == Rcode.NOERROR ? LogConfig.ResponseClass.SUCCESS : LogConfig.ResponseClass.ERROR;
  }
}
