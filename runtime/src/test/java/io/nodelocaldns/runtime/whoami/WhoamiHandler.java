package io.nodelocaldns.runtime.whoami;

import io.nodelocaldns.runtime.plugin.DnsHandler;
import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;

/** Answers every A question with the client's own address, as CoreDNS's whoami (simplified). */
final class WhoamiHandler implements DnsHandler {
  static final long TTL = 60;

  @Override
  public String name() {
    return WhoamiPlugin.NAME;
  }

  @Override
  public CompletionStage<DnsResponse> serve(Request request) {
    try {
      Message query = new Message(request.query().wire());
      Message answer = new Message(query.getHeader().getID());
      answer.getHeader().setFlag(Flags.QR);
      answer.getHeader().setFlag(Flags.AA);
      answer.addRecord(query.getQuestion(), Section.QUESTION);
      answer.addRecord(
          new ARecord(
              query.getQuestion().getName(),
              query.getQuestion().getDClass(),
              TTL,
              request.client().getAddress()),
          Section.ANSWER);
      return CompletableFuture.completedFuture(DnsResponse.of(name(), answer.toWire()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
