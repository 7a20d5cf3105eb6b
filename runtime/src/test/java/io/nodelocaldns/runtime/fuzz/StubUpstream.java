package io.nodelocaldns.runtime.fuzz;

import io.nodelocaldns.runtime.forward.ForwardPlugin;
import io.nodelocaldns.runtime.plugin.DnsHandler;
import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.Request;
import io.nodelocaldns.runtime.upstream.UpstreamQuery;
import io.nodelocaldns.runtime.wire.CanonicalResponse;
import io.nodelocaldns.runtime.wire.DnsFlags;
import io.nodelocaldns.runtime.wire.DnsQuery;
import io.nodelocaldns.runtime.wire.Rcode;
import io.nodelocaldns.runtime.wire.ResponseCanonicalizer;
import io.nodelocaldns.runtime.wire.ResponseRenderer;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Stands in for {@code forward} at the end of a fuzzed chain, answering at once without a network:
 * it builds the upstream's response to the upstream form of the query and hands it to the client as
 * {@code forward} does (canonicalized, then rendered). The query ID picks the answer, so a fuzzer
 * reaches every kind: the low two bits the kind, the next six how many A records (enough to need
 * truncation over UDP).
 */
final class StubUpstream implements DnsHandler {
  @Override
  public String name() {
    return ForwardPlugin.NAME;
  }

  @Override
  public CompletionStage<DnsResponse> serve(Request request) {
    DnsQuery query = request.query();
    CanonicalResponse upstream =
        ResponseCanonicalizer.canonicalize(response(UpstreamQuery.of(query), query.id()));
    return CompletableFuture.completedFuture(
        DnsResponse.of(
            ForwardPlugin.NAME,
            ResponseRenderer.render(upstream, query, ResponseRenderer.KEEP_TTLS)));
  }

  /** What an upstream answers {@code upstreamQuery}; {@code choice} picks the kind. */
  static byte[] response(DnsQuery upstreamQuery, int choice) {
    int kind = choice & 3;
    int records = (choice >>> 2) & 63;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rcode =
        switch (kind) {
          case 1 -> Rcode.NXDOMAIN;
          case 2 -> Rcode.SERVFAIL;
          default -> Rcode.NOERROR;
        };
    int answers = kind == 0 ? records : 0;
    int authority = kind == 1 ? 1 : 0;
    byte[] header = new byte[DnsFlags.HEADER_LENGTH];
    DnsFlags.putU16(header, 2, DnsFlags.QR | DnsFlags.RD | DnsFlags.RA | rcode);
    DnsFlags.putU16(header, 4, 1);
    DnsFlags.putU16(header, 6, answers);
    DnsFlags.putU16(header, 8, authority);
    out.writeBytes(header);
    out.write(
        upstreamQuery.wire(),
        DnsFlags.HEADER_LENGTH,
        upstreamQuery.questionEnd() - DnsFlags.HEADER_LENGTH);
    for (int i = 0; i < answers; i++) {
      // the question's name by pointer, A, IN, TTL 30, 10.0.0.i
      out.writeBytes(
          new byte[] {(byte) 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 30, 0, 4, 10, 0, 0, (byte) i});
    }
    if (authority > 0) {
      // the root's SOA, TTL and MINIMUM 30
      out.writeBytes(new byte[] {0, 0, 6, 0, 1, 0, 0, 0, 30, 0, 22, 0, 0});
      out.writeBytes(new byte[] {0, 0, 0, 1, 0, 0, 0, 60, 0, 0, 0, 60, 0, 0, 0, 60, 0, 0, 0, 30});
    }
    return out.toByteArray();
  }
}
