package io.nodelocaldns.runtime.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nodelocaldns.runtime.corefile.Snippets;
import io.nodelocaldns.runtime.metrics.ServerLabels;
import io.nodelocaldns.runtime.plugin.DnsHandler;
import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.Request;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.testing.DnsClient;
import io.nodelocaldns.runtime.testing.TestQueries;
import io.nodelocaldns.runtime.wire.DnsQuery;
import io.nodelocaldns.runtime.wire.Rcode;
import io.nodelocaldns.runtime.wire.Responses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class TemplateHandlerTest {
  private static final List<String> BLOCK_ZONES = List.of(".");

  private final Next next = new Next();
  private final List<String> events = new ArrayList<>();

  /** The rest of the chain: answers REFUSED, labelled "next", and counts what reaches it. */
  private static final class Next implements DnsHandler {
    final List<String> asked = new ArrayList<>();

    @Override
    public String name() {
      return "next";
    }

    @Override
    public CompletionStage<DnsResponse> serve(Request request) {
      asked.add(request.query().name());
      return CompletableFuture.completedFuture(
          DnsResponse.of("next", Responses.error(request.query(), Rcode.REFUSED)));
    }
  }

  private final TemplateEvents recording =
      new TemplateEvents() {
        @Override
        public void matched(Request request, TemplateData data) {
          events.add("matched " + data.zone() + " " + data.qclass() + " " + data.qtype());
        }

        @Override
        public void templateFailed(Request request, TemplateData data, GoTemplate template) {
          events.add("template failed " + template.section() + " " + template.tree());
        }

        @Override
        public void recordFailed(Request request, TemplateData data, GoTemplate template) {
          events.add("rr failed " + template.section() + " " + template.tree());
        }
      };

  private TemplateHandler handler(String corefileLines) {
    return new TemplateHandler(
        TemplateSetup.parse(Snippets.directives(corefileLines), BLOCK_ZONES), next, recording);
  }

  private static DnsResponse serve(DnsHandler handler, DnsQuery query) {
    return handler.serve(TestQueries.request(query, Transport.UDP)).toCompletableFuture().join();
  }

  private static DnsQuery query(String name, int type, int dclass) throws Exception {
    return TestQueries.decode(DnsClient.newQuery(Name.fromString(name), type, dclass));
  }

  private static Message parse(DnsResponse response) {
    return TestQueries.parse(response.wire());
  }

  @Test
  void theNoIpv6LookupsTemplateAnswersAaaaWithAnEmptyNoerrorAndPassesAOn() {
    TemplateHandler handler = handler("template IN AAAA { rcode NOERROR }");
    DnsQuery aaaa = TestQueries.query("WWW.Example.COM.", Type.AAAA);

    DnsResponse response = serve(handler, aaaa);
    Message message = parse(response);

    assertThat(response.plugin()).isEqualTo("template");
    assertThat(response.failure()).isNull();
    assertThat(message.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(message.getSection(Section.ANSWER)).isEmpty();
    assertThat(message.getSection(Section.AUTHORITY)).isEmpty();
    assertThat(message.getHeader().getID()).isEqualTo(aaaa.id());
    assertThat(message.getQuestion().getName().toString()).isEqualTo("WWW.Example.COM.");
    assertThat(message.getHeader().getFlag(Flags.AA)).as("authoritative, as CoreDNS").isTrue();
    assertThat(message.getHeader().getFlag(Flags.RA)).as("CoreDNS's template clears RA").isFalse();
    assertThat(message.getHeader().getFlag(Flags.RD)).isTrue();
    assertThat(message.getOPT()).as("the client sent EDNS").isNotNull();
    assertThat(next.asked).isEmpty();
    assertThat(events).containsExactly("matched . IN AAAA");

    DnsResponse a = serve(handler, TestQueries.query("www.example.com.", Type.A));
    assertThat(a.plugin()).isEqualTo("next");
    assertThat(next.asked).containsExactly("www.example.com.");
  }

  @Test
  void rendersTheAnswerFromTheRegexGroupsOfTheLowerCasedName() throws Exception {
    TemplateHandler handler =
        handler(
            """
            template IN A example {
                match "^ip-(?P<a>[0-9]+)-(?P<b>[0-9]+)-(?P<c>[0-9]+)-(?P<d>[0-9]+)[.]example[.]$"
                answer "{{ .Name }} 60 IN A {{ .Group.a }}.{{ .Group.b }}.{{ .Group.c }}.{{ .Group.d }}"
                fallthrough
            }
            """);

    Message message = parse(serve(handler, TestQueries.query("IP-10-1-2-3.Example.", Type.A)));

    assertThat(message.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(message.getQuestion().getName().toString()).isEqualTo("IP-10-1-2-3.Example.");
    Record answer = message.getSection(Section.ANSWER).get(0);
    assertThat(answer.getName()).isEqualTo(Name.fromString("ip-10-1-2-3.example."));
    assertThat(answer.getTTL()).isEqualTo(60);
    assertThat(answer.rdataToString()).isEqualTo("10.1.2.3");
    assertThat(message.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(message.getHeader().getFlag(Flags.RA)).isFalse();
    assertThat(message.getOPT()).isNotNull();

    serve(handler, TestQueries.query("www.example.", Type.A));
    serve(handler, TestQueries.query("ip-10-1-2-3.example.org.", Type.A));
    assertThat(next.asked)
        .as("no regex matched but it falls through; another zone is not its")
        .containsExactly("www.example.", "ip-10-1-2-3.example.org.");
  }

  @Test
  void withoutFallthroughANameInItsZoneThatNoRegexMatchesIsServfail() {
    TemplateHandler handler =
        handler(
            """
            template IN A example {
                match ^a[.]example[.]$ ^b[.]example[.]$
                answer "{{ .Name }} 60 IN A 10.0.0.1"
            }
            """);

    DnsResponse miss = serve(handler, TestQueries.query("c.example.", Type.A));
    DnsResponse second = serve(handler, TestQueries.query("b.example.", Type.A));

    assertThat(miss.rcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(miss.failure()).as("CoreDNS returns SERVFAIL without an error").isNull();
    assertThat(miss.plugin()).as("no directive wrote it").isEmpty();
    assertThat(second.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(serve(handler, TestQueries.query("c.example.", Type.AAAA)).plugin())
        .as("another type is not its")
        .isEqualTo("next");
    assertThat(next.asked).containsExactly("c.example.");
  }

  @Test
  void fallthroughWithZonesFallsThroughOnlyForThoseZones() {
    TemplateHandler handler =
        handler(
            """
            template ANY ANY {
                match ^never$
                fallthrough in-addr.arpa
            }
            """);

    assertThat(serve(handler, TestQueries.query("4.3.2.1.in-addr.arpa.", Type.PTR)).plugin())
        .isEqualTo("next");
    assertThat(serve(handler, TestQueries.query("www.example.", Type.A)).rcode())
        .isEqualTo(Rcode.SERVFAIL);
  }

  @Test
  void rulesAreTriedInOrderAndOnePassedOverLeavesTheQueryToTheNext() {
    TemplateHandler handler =
        handler(
            """
            template IN AAAA example { rcode NOERROR }
            template IN A other {
                match ^nothing
            }
            template ANY ANY example {
                rcode NXDOMAIN
                authority "example. 60 {{ .Class }} SOA ns.example. hostmaster.example. (1 60 60 60 60)"
            }
            """);

    Message aaaa = parse(serve(handler, TestQueries.query("x.example.", Type.AAAA)));
    Message a = parse(serve(handler, TestQueries.query("x.example.", Type.A)));

    assertThat(aaaa.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(a.getRcode()).as("the third rule, after two passed over").isEqualTo(Rcode.NXDOMAIN);
    assertThat(a.getSection(Section.AUTHORITY))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getType()).isEqualTo(Type.SOA);
              assertThat(r.getTTL()).isEqualTo(60);
            });
    assertThat(a.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(events).containsExactly("matched example. IN AAAA", "matched example. IN A");
  }

  @Test
  void classAndTypeAnyMatchEveryQueryAndTheDataNamesTheTemplatesWhenTheQueryAsksAny()
      throws Exception {
    TemplateHandler handler =
        handler(
            """
            template IN TXT {
                answer "{{ .Name }} 30 IN TXT \\"{{ .Class }} {{ .Type }} {{ .Zone }}\\""
            }
            template ANY ANY {
                answer "{{ .Name }} 30 CH TXT \\"{{ .Class }} {{ .Type }}\\""
            }
            """);

    Message any = parse(serve(handler, query("a.example.", Type.ANY, DClass.IN)));
    Message chaos = parse(serve(handler, query("version.bind.", Type.TXT, DClass.CH)));
    Message anyClass = parse(serve(handler, query("a.example.", Type.TXT, DClass.ANY)));

    assertThat(any.getSection(Section.ANSWER).get(0).rdataToString())
        .as("query type ANY matches TXT; .Type is the template's")
        .isEqualTo("\"IN TXT .\"");
    assertThat(chaos.getSection(Section.ANSWER).get(0).rdataToString())
        .as("class CH is not IN: the second rule")
        .isEqualTo("\"CH TXT\"");
    assertThat(anyClass.getSection(Section.ANSWER).get(0).rdataToString())
        .isEqualTo("\"IN TXT .\"");
  }

  @Test
  void rcodeServfailAnswersABareServfail() {
    TemplateHandler handler =
        handler("template IN A { rcode SERVFAIL\n answer \"{{ .Name }} 60 A 10.0.0.1\" }");

    DnsResponse response = serve(handler, TestQueries.query("a.example.", Type.A));

    assertThat(response.rcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(parse(response).getSection(Section.ANSWER)).isEmpty();
    assertThat(response.plugin()).isEmpty();
    assertThat(events).containsExactly("matched . IN A");
  }

  @Test
  void aTemplateThatFailsToRenderIsServfailWithTheReasonAndCounted() {
    TemplateHandler handler =
        handler(
            """
            template IN A example {
                match ^(?P<ip>[0-9-]+)[.]one[.]example[.]$ ^two[.]example[.]$
                answer "{{ .Name }} 60 IN A {{ index .Match 1 }}"
            }
            template IN TXT example {
                match ^(?P<ip>[0-9-]+)[.]one[.]example[.]$ ^two[.]example[.]$
                answer "{{ .Name }} 60 IN A {{ .Group.ip }}"
            }
            """);

    DnsResponse index = serve(handler, TestQueries.query("two.example.", Type.A));
    DnsResponse record = serve(handler, TestQueries.query("two.example.", Type.TXT));

    assertThat(index.rcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(index.failure())
        .isEqualTo(
            "template: template: answer: executing \"answer\" at <index .Match 1>: error calling"
                + " index: index out of range: 1");
    assertThat(record.rcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(record.failure()).startsWith("template: answer: ").contains("<no value>");
    assertThat(events)
        .containsExactly(
            "matched example. IN A",
            "template failed answer {{.Name}} 60 IN A {{index .Match 1}}",
            "matched example. IN TXT",
            "rr failed answer {{.Name}} 60 IN A {{.Group.ip}}");
  }

  @Test
  void aCnameKnownOnlyOnceRenderedIsRefusedForAnAQuery() {
    TemplateHandler handler =
        handler(
            """
            template IN ANY example {
                match ^(?P<type>[a-z]+)[.]example[.]$
                answer "{{ .Name }} 60 IN {{ .Group.type }} target.example."
            }
            """);

    DnsResponse response = serve(handler, TestQueries.query("cname.example.", Type.A));
    DnsResponse asked = serve(handler, TestQueries.query("cname.example.", Type.CNAME));

    assertThat(response.rcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(response.failure())
        .contains("a CNAME answer to an A or AAAA query is not supported");
    assertThat(parse(asked).getSection(Section.ANSWER).get(0).rdataToString())
        .isEqualTo("target.example.");
  }

  @Test
  void anExtendedErrorGoesToClientsThatSentEdnsOnly() throws Exception {
    TemplateHandler handler =
        handler(
            """
            template ANY ANY invalid {
                rcode NXDOMAIN
                ederror 21 "Blocked according to RFC2606"
            }
            """);

    Message withEdns = parse(serve(handler, TestQueries.query("x.invalid.", Type.A)));
    Message plain =
        TestQueries.parse(
            serve(
                    handler,
                    TestQueries.decode(
                        Message.newQuery(
                            Record.newRecord(Name.fromString("x.invalid."), Type.A, DClass.IN))))
                .wire());

    OPTRecord opt = withEdns.getOPT();
    assertThat(withEdns.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(opt.getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR))
        .singleElement()
        .satisfies(
            option -> {
              ExtendedErrorCodeOption ede = (ExtendedErrorCodeOption) option;
              assertThat(ede.getErrorCode()).isEqualTo(21);
              assertThat(ede.getText()).isEqualTo("Blocked according to RFC2606");
            });
    assertThat(plain.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(plain.getOPT()).isNull();
  }

  @Test
  void theAnswerWithRecordsAndTheEmptyAnswerCarryTheSameHeader() {
    TemplateHandler handler =
        handler(
            """
            template IN A { rcode NXDOMAIN }
            template IN TXT { rcode NXDOMAIN
              authority "example. 60 IN SOA ns.example. hostmaster.example. 1 60 60 60 60" }
            """);
    DnsQuery a = TestQueries.query("q.example.", Type.A);
    DnsQuery txt = TestQueries.decode(withType(a, Type.TXT));

    int emptyFlags = serve(handler, a).flags();
    int recordsFlags = serve(handler, txt).flags();

    assertThat(recordsFlags).isEqualTo(emptyFlags);
  }

  @Test
  void countsMatchesWithCoreDnsLabels() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TemplateHandler handler =
        new TemplateHandler(
            TemplateSetup.parse(Snippets.directives("template IN AAAA cluster.local"), BLOCK_ZONES),
            next,
            new TemplateMetrics(registry, ServerLabels.of(List.of())));

    serve(handler, TestQueries.query("a.svc.cluster.local.", Type.AAAA));
    serve(handler, TestQueries.query("b.svc.cluster.local.", Type.AAAA));

    assertThat(
            registry
                .get(TemplateMetrics.MATCHES)
                .tags(
                    "server",
                    "dns://:53",
                    "zone",
                    "cluster.local.",
                    "view",
                    "",
                    "class",
                    "IN",
                    "type",
                    "AAAA")
                .counter()
                .count())
        .isEqualTo(2);
  }

  @Test
  void writesTheClientsAddressAsGoDoes() throws Exception {
    assertThat(TemplateHandler.goAddress(InetAddress.getByName("10.0.0.1"))).isEqualTo("10.0.0.1");
    assertThat(TemplateHandler.goAddress(InetAddress.getByName("::1"))).isEqualTo("::1");
    assertThat(TemplateHandler.goAddress(InetAddress.getByName("::"))).isEqualTo("::");
    assertThat(TemplateHandler.goAddress(InetAddress.getByName("fd00:0:0:0:0:0:0:10")))
        .isEqualTo("fd00::10");
    assertThat(TemplateHandler.goAddress(InetAddress.getByName("2001:db8:0:0:1:0:0:1")))
        .isEqualTo("2001:db8::1:0:0:1");
    assertThat(TemplateHandler.goAddress(InetAddress.getByName("2001:db8:0:1:1:1:1:1")))
        .as("a single zero word stays")
        .isEqualTo("2001:db8:0:1:1:1:1:1");
    assertThat(
            TemplateHandler.goAddress(
                InetAddress.getByAddress(
                    new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 10, 0, 0, 1})))
        .isEqualTo("10.0.0.1");
  }

  private static byte[] withType(DnsQuery query, int type) {
    byte[] wire = query.wire().clone();
    int at = query.questionEnd() - 4;
    wire[at] = (byte) (type >>> 8);
    wire[at + 1] = (byte) type;
    return wire;
  }
}
