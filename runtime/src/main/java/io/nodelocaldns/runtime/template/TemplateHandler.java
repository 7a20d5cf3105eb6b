package io.nodelocaldns.runtime.template;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.nodelocaldns.runtime.plugin.DnsHandler;
import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.Request;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.template.TemplateRule.ExtendedError;
import io.nodelocaldns.runtime.wire.DnsFlags;
import io.nodelocaldns.runtime.wire.DnsNames;
import io.nodelocaldns.runtime.wire.DnsQuery;
import io.nodelocaldns.runtime.wire.MalformedMessageException;
import io.nodelocaldns.runtime.wire.Rcode;
import io.nodelocaldns.runtime.wire.ResponseCanonicalizer;
import io.nodelocaldns.runtime.wire.ResponseRenderer;
import io.nodelocaldns.runtime.wire.Responses;
import io.nodelocaldns.runtime.wire.Truncation;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The {@code template} directive: answers the queries its rules match with records rendered from
 * templates, as CoreDNS's template plugin does.
 *
 * <p>Each rule is tried in the order written. A rule whose zones, class or type do not cover the
 * query is passed over. When they do, its first regex that matches the lower-cased query name
 * decides: the rule answers (its rcode, its rendered records, AA set, RA clear). When no regex
 * matches, the query goes on to the next rule if the rule falls through for that name, and is
 * answered SERVFAIL if not. A query no rule answered goes to the next handler.
 *
 * <p>The answer is the client's (its ID, its spelling of the name, RD and CD, an OPT record when it
 * sent one); the listener truncates it for UDP like any other. Rendering that fails (a Go template
 * error, text that is no resource record) is answered SERVFAIL and reported to {@code errors}.
 * Stateless: safe for concurrent use.
 */
public final class TemplateHandler implements DnsHandler {
  /** RFC 8914's EDNS option code of an extended DNS error. */
  static final int EDE_OPTION = 15;

  private static final int TYPE_A = 1;
  private static final int TYPE_AAAA = 28;

  private final DnsHandler next;
  private final List<TemplateRule> rules;
  private final TemplateEvents events;

  public TemplateHandler(TemplateConfig config, DnsHandler next, TemplateEvents events) {
    this.next = next;
    this.rules = config.rules();
    this.events = events;
  }

  @Override
  public String name() {
    return TemplatePlugin.NAME;
  }

  @Override
  public CompletionStage<DnsResponse> serve(Request request) {
    DnsQuery query = request.query();
    String name = query.lowerName();
    for (TemplateRule rule : rules) {
      String zone = longestZone(rule.zones(), name);
      if (zone == null
          || !covers(rule.qclass(), query.qclass())
          || !covers(rule.qtype(), query.qtype())) {
        continue;
      }
      TemplateData data = match(rule, zone, request);
      if (data == null) {
        if (longestZone(rule.fallthrough(), name) != null) {
          continue;
        }
        // CoreDNS: no regex matched and no fallthrough, SERVFAIL (written by the server)
        return done(new DnsResponse(Responses.error(query, Rcode.SERVFAIL)));
      }
      events.matched(request, data);
      return done(answer(request, rule, data));
    }
    return next.serve(request);
  }

  /** The zone of {@code zones} that contains {@code name}, the longest; null if none. */
  static String longestZone(List<String> zones, String name) {
    String longest = null;
    for (String zone : zones) {
      if (DnsNames.isInZone(name, zone) && (longest == null || zone.length() > longest.length())) {
        longest = zone;
      }
    }
    return longest;
  }

  private static boolean covers(int ruleValue, int queryValue) {
    return ruleValue == TemplateRule.ANY
        || queryValue == TemplateRule.ANY
        || queryValue == ruleValue;
  }

  /** The data of the first regex that matches, as CoreDNS's {@code match}; null if none does. */
  private static TemplateData match(TemplateRule rule, String zone, Request request) {
    DnsQuery query = request.query();
    String name = query.lowerName();
    for (GoRegex regex : rule.regexes()) {
      List<String> match = regex.find(name);
      if (match == null) {
        continue;
      }
      Map<String, String> group = new LinkedHashMap<>();
      for (int i = 0; i < match.size(); i++) {
        group.put(Integer.toString(i), match.get(i));
      }
      for (int i = 0; i < match.size(); i++) {
        if (!regex.groupName(i).isEmpty()) {
          group.put(regex.groupName(i), match.get(i));
        }
      }
      int qclass = query.qclass() != TemplateRule.ANY ? query.qclass() : rule.qclass();
      int qtype = query.qtype() != TemplateRule.ANY ? query.qtype() : rule.qtype();
      return new TemplateData(
          zone,
          name,
          regex.source(),
          List.copyOf(match),
          Map.copyOf(group),
          MiekgNames.className(qclass),
          MiekgNames.typeName(qtype),
          goAddress(request.client().getAddress()));
    }
    return null;
  }

  private DnsResponse answer(Request request, TemplateRule rule, TemplateData data) {
    DnsQuery query = request.query();
    if (rule.rcode() == Rcode.SERVFAIL) {
      // CoreDNS's template returns SERVFAIL without writing; the server answers it
      return new DnsResponse(Responses.error(query, Rcode.SERVFAIL));
    }
    List<Record> answer = new ArrayList<>();
    List<Record> additional = new ArrayList<>();
    List<Record> authority = new ArrayList<>();
    // in CoreDNS's order, stopping at the first failure
    String failure = render(request, data, rule.answer(), answer, true);
    if (failure.isEmpty()) {
      failure = render(request, data, rule.additional(), additional, false);
    }
    if (failure.isEmpty()) {
      failure = render(request, data, rule.authority(), authority, false);
    }
    if (!failure.isEmpty()) {
      return DnsResponse.failed(
          Responses.error(query, Rcode.SERVFAIL), TemplatePlugin.NAME + ": " + failure);
    }
    byte[] wire;
    if (answer.isEmpty() && additional.isEmpty() && authority.isEmpty()) {
      wire = Responses.error(query, rule.rcode()); // header, question, OPT: as built below
      DnsFlags.putU16(wire, 2, (DnsFlags.flags(wire) & ~DnsFlags.RA) | DnsFlags.AA);
    } else {
      try {
        wire = withRecords(query, rule.rcode(), answer, authority, additional);
      } catch (IOException | MalformedMessageException | IllegalArgumentException e) {
        return DnsResponse.failed(
            Responses.error(query, Rcode.SERVFAIL),
            TemplatePlugin.NAME
                + ": the rendered records do not make a message: "
                + e.getMessage());
      }
    }
    if (rule.extendedError().isPresent() && query.hasEdns()) {
      byte[] plain = wire;
      wire = withExtendedError(wire, rule.extendedError().get());
      if (request.transport() == Transport.UDP && wire.length > query.udpLimit()) {
        wire = Truncation.fitForUdp(plain, query); // the truncated form has no room for it
      }
    }
    return DnsResponse.of(TemplatePlugin.NAME, wire);
  }

  /**
   * Renders {@code templates} into {@code into}, stopping at the first failure, which it counts.
   *
   * @return "" when all rendered, else what went wrong
   */
  private String render(
      Request request,
      TemplateData data,
      List<GoTemplate> templates,
      List<Record> into,
      boolean answers) {
    for (GoTemplate template : templates) {
      String text;
      try {
        text = template.render(data);
      } catch (GoTemplate.ExecutionException e) {
        events.templateFailed(request, data, template);
        return e.getMessage();
      }
      Record record;
      try {
        record = ResourceRecords.parse(text);
      } catch (IllegalArgumentException e) {
        events.recordFailed(request, data, template);
        return template.section() + ": " + e.getMessage();
      }
      int qtype = request.query().qtype();
      if (answers && record.getType() == Type.CNAME && (qtype == TYPE_A || qtype == TYPE_AAAA)) {
        // a CNAME type known only once rendered; one written out is refused at load
        return template.section()
            + ": a CNAME answer to an A or AAAA query is not supported (CoreDNS resolves the"
            + " target)";
      }
      into.add(record);
    }
    return "";
  }

  /**
   * The message with records, built as the forwarder's answers are: in canonical form first, then
   * rendered for this client.
   */
  private static byte[] withRecords(
      DnsQuery query,
      int rcode,
      List<Record> answer,
      List<Record> authority,
      List<Record> additional)
      throws IOException {
    Message message = new Message(0);
    message.getHeader().setFlag(Flags.QR);
    message.getHeader().setFlag(Flags.AA);
    if (query.checkingDisabled()) {
      message.getHeader().setFlag(Flags.CD);
    }
    message.getHeader().setOpcode(query.opcode());
    message.getHeader().setRcode(rcode);
    DNSInput in = new DNSInput(query.wire());
    in.jump(DnsFlags.HEADER_LENGTH);
    Name name = new Name(in);
    message.addRecord(Record.newRecord(name, query.qtype(), query.qclass()), Section.QUESTION);
    answer.forEach(r -> message.addRecord(r, Section.ANSWER));
    authority.forEach(r -> message.addRecord(r, Section.AUTHORITY));
    additional.forEach(r -> message.addRecord(r, Section.ADDITIONAL));
    return ResponseRenderer.render(
        ResponseCanonicalizer.canonicalize(message.toWire()), query, ResponseRenderer.KEEP_TTLS);
  }

  /** {@code wire}, whose last record is our OPT without options, with the EDE option added. */
  static byte[] withExtendedError(byte[] wire, ExtendedError error) {
    byte[] text = error.reason().getBytes(UTF_8);
    int optionLength = 4 + 2 + text.length;
    byte[] out = Arrays.copyOf(wire, wire.length + optionLength);
    int rdLength = wire.length - 2;
    DnsFlags.putU16(out, rdLength, DnsFlags.u16(wire, rdLength) + optionLength);
    DnsFlags.putU16(out, wire.length, EDE_OPTION);
    DnsFlags.putU16(out, wire.length + 2, 2 + text.length);
    DnsFlags.putU16(out, wire.length + 4, error.code());
    System.arraycopy(text, 0, out, wire.length + 6, text.length);
    return out;
  }

  /** An address as Go's {@code net.IP.String} writes it: IPv6 compressed (RFC 5952). */
  static String goAddress(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return address.getHostAddress();
    }
    boolean mapped = true;
    for (int i = 0; i < 12; i++) {
      mapped &= b[i] == (i < 10 ? 0 : (byte) 0xFF);
    }
    if (mapped) {
      return (b[12] & 0xFF) + "." + (b[13] & 0xFF) + "." + (b[14] & 0xFF) + "." + (b[15] & 0xFF);
    }
    int[] words = new int[8];
    for (int i = 0; i < 8; i++) {
      words[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
    }
    // the longest run of two or more zero words, the first of equals, becomes "::"
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (words[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && words[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(words[i]));
    }
    return out.toString();
  }

  private static CompletionStage<DnsResponse> done(DnsResponse response) {
    return CompletableFuture.completedFuture(response);
  }
}
