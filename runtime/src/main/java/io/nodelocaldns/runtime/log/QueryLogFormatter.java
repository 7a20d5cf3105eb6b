package io.nodelocaldns.runtime.log;

import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.Request;
import io.nodelocaldns.runtime.wire.DnsFlags;
import io.nodelocaldns.runtime.wire.DnsQuery;
import io.nodelocaldns.runtime.wire.Rcode;
import java.util.Locale;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Type;

/**
 * CoreDNS's {@code {common}} log format, so existing log parsing keeps working:
 *
 * <pre>{@code
 * 10.244.1.2:54312 - 42953 "A IN kubernetes.default.svc.cluster.local. udp 54 false 512" NOERROR qr,aa,rd 106 0.000232824s
 * }</pre>
 *
 * <p>Client address and port, ID, then type, class, name, protocol, query size, DO bit, the
 * client's buffer size; then rcode, response flags, response size and duration in seconds.
 */
public final class QueryLogFormatter {
  private static final String[] FLAG_NAMES = {"qr", "aa", "tc", "rd", "ra", "z", "ad", "cd"};
  private static final int[] FLAG_BITS = {
    DnsFlags.QR,
    DnsFlags.AA,
    DnsFlags.TC,
    DnsFlags.RD,
    DnsFlags.RA,
    0x0040,
    DnsFlags.AD,
    DnsFlags.CD
  };

  private QueryLogFormatter() {}

  public static String format(Request request, DnsResponse response, long durationNanos) {
    DnsQuery query = request.query();
    StringBuilder line = new StringBuilder(160);
    String host = request.client().getAddress().getHostAddress();
    line.append(host.contains(":") ? "[" + host + "]" : host)
        .append(':')
        .append(request.client().getPort())
        .append(" - ")
        .append(query.id())
        .append(" \"")
        .append(Type.string(query.qtype()))
        .append(' ')
        .append(DClass.string(query.qclass()))
        .append(' ')
        .append(query.name())
        .append(' ')
        .append(request.transport().label())
        .append(' ')
        .append(query.wire().length)
        .append(' ')
        .append(query.dnssecOk())
        .append(' ')
        .append(query.advertisedUdpSize())
        .append("\" ")
        .append(Rcode.name(response.rcode()))
        .append(' ')
        .append(flags(response.flags()))
        .append(' ')
        .append(response.size())
        .append(' ')
        .append(seconds(durationNanos))
        .append('s');
    return line.toString();
  }

  static String flags(int flags) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < FLAG_BITS.length; i++) {
      if ((flags & FLAG_BITS[i]) != 0) {
        if (!out.isEmpty()) {
          out.append(',');
        }
        out.append(FLAG_NAMES[i]);
      }
    }
    return out.toString();
  }

  /** Seconds with up to nine decimals and no trailing zeros, as Go prints a duration's seconds. */
  static String seconds(long nanos) {
    String fixed = String.format(Locale.ROOT, "%.9f", nanos / 1e9);
    String trimmed = fixed.replaceAll("0+$", "");
    return trimmed.endsWith(".") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }
}
