package io.nodelocaldns.runtime.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nodelocaldns.runtime.corefile.CorefileException;
import io.nodelocaldns.runtime.corefile.Snippets;
import io.nodelocaldns.runtime.template.TemplateRule.ExtendedError;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateSetupTest {
  private static final List<String> BLOCK_ZONES = List.of("cluster.local.", "example.");

  private static TemplateConfig parse(String snippet) {
    return TemplateSetup.parse(Snippets.directives(snippet), BLOCK_ZONES);
  }

  private static TemplateRule rule(String snippet) {
    return parse(snippet).rules().get(0);
  }

  @Test
  void theNoIpv6LookupsTemplateAnswersEveryAaaaInTheBlocksZonesWithNoerror() {
    TemplateRule rule = rule("template IN AAAA {\n rcode NOERROR\n}");

    assertThat(rule.qclass()).isEqualTo(1);
    assertThat(rule.qtype()).isEqualTo(28);
    assertThat(rule.zones()).isEqualTo(BLOCK_ZONES);
    assertThat(rule.regexes()).containsExactly(GoRegex.compile(".*"));
    assertThat(rule.answer()).isEmpty();
    assertThat(rule.rcode()).isZero();
    assertThat(rule.fallthrough()).isEmpty();
    assertThat(rule("template IN AAAA .").zones()).containsExactly(".");
    assertThat(rule("template IN AAAA .")).isEqualTo(rule("template IN AAAA . { rcode NOERROR }"));
  }

  @Test
  void readsEveryOptionOfCoreDnsReadme() {
    TemplateRule rule =
        rule(
            """
            template IN A Example.ORG example.net {
                match "^ip-(?P<a>[0-9]*)-(?P<b>[0-9]*)[.]example[.]org[.]$" (www)[.]example[.]net[.]$
                match ^other[.]
                answer "{{ .Name }} 60 IN A 10.0.{{ .Group.a }}.{{ .Group.b }}" "{{ .Name }} 60 IN A 10.0.0.1"
                additional "ns0.example.org. 60 IN A 203.0.113.8"
                authority "example.org. 60 IN NS ns0.example.org."
                rcode NXDOMAIN
                ederror 21 "Blocked according to RFC2606"
                fallthrough in-addr.arpa
                upstream
            }
            """);

    assertThat(rule.zones()).containsExactly("example.org.", "example.net.");
    assertThat(rule.regexes().stream().map(GoRegex::source))
        .containsExactly(
            "^ip-(?P<a>[0-9]*)-(?P<b>[0-9]*)[.]example[.]org[.]$",
            "(www)[.]example[.]net[.]$",
            "^other[.]");
    assertThat(rule.answer()).hasSize(2);
    assertThat(rule.additional()).hasSize(1);
    assertThat(rule.authority()).hasSize(1);
    assertThat(rule.rcode()).isEqualTo(3);
    assertThat(rule.extendedError())
        .contains(new ExtendedError(21, "Blocked according to RFC2606"));
    assertThat(rule.fallthrough()).containsExactly("in-addr.arpa.");
    assertThat(rule("template ANY ANY { fallthrough }").fallthrough()).containsExactly(".");
    assertThat(rule("template CH TXT { ederror 0 }").extendedError())
        .contains(new ExtendedError(0, ""));
  }

  @Test
  void eachTemplateLineIsOneRuleInTheOrderWritten() {
    TemplateConfig config =
        parse(
            """
            template IN AAAA { rcode NOERROR }
            template ANY ANY invalid { rcode NXDOMAIN }
            """);

    assertThat(config.rules()).extracting(TemplateRule::qtype).containsExactly(28, 255);
    assertThat(config.rules().get(1).zones()).containsExactly("invalid.");
  }

  @Test
  void twoBlocksWrittenAlikeHaveEqualConfigurationsSoAReloadKeepsTheirChains() {
    String text =
        """
        template IN A example {
            match ^(?P<host>[a-z]+)[.]example[.]$
            answer "{{ .Name }} 60 IN A 10.0.0.1"
        }
        """;
    assertThat(parse(text)).isEqualTo(parse("\n\n" + text)).hasSameHashCodeAs(parse(text));
    assertThat(parse(text)).isNotEqualTo(parse(text.replace("10.0.0.1", "10.0.0.2")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = " => ",
      quoteCharacter = '~',
      value = {
        "template => Corefile:1: template: expected at least 2 arguments (template CLASS TYPE"
            + " [ZONE...]), got none",
        "template IN => Corefile:1: template: expected at least 2 arguments (template CLASS TYPE"
            + " [ZONE...]), got 1: \"IN\"",
        "template in aaaa => Corefile:1: template: CLASS must be written in upper case, as CoreDNS"
            + " reads it: IN, got \"in\"",
        "template IN aaaa => Corefile:1: template: TYPE must be written in upper case, as CoreDNS"
            + " reads it: AAAA, got \"aaaa\"",
        "template INET A => Corefile:1: template: CLASS must be a class: IN, CH, HS, CS, NONE, ANY,"
            + " got \"INET\"",
        "template IN AAAAA => Corefile:1: template: TYPE must be a record type such as A, AAAA, PTR"
            + " or ANY, got \"AAAAA\"",
        "template IN A a..b => Corefile:1: template: expected a domain name such as cluster.local"
            + " or ., got \"a..b\" ('a..b.': invalid empty label)",
        "template IN A {\\n match\\n} => Corefile:2: template: match: expected at least 1 argument"
            + " (match REGEX...), got none",
        "template IN A {\\n match (a)\\1\\n} => Corefile:2: template: match: could not parse regex"
            + " \"(a)\\1\": \\1: backreferences and octal escapes are not supported (write"
            + " \\x{..})",
        "template IN A {\\n match (?=a)\\n} => Corefile:2: template: match: could not parse regex"
            + " \"(?=a)\": lookaround, atomic groups and backreferences such as (?=a are not RE2",
        "template IN A {\\n rcode\\n} => Corefile:2: template: rcode: expected 1 argument (rcode"
            + " CODE), got none",
        "template IN A {\\n rcode nxdomain\\n} => Corefile:2: template: rcode: CODE must be written in"
            + " upper case, as CoreDNS reads it: NXDOMAIN, got \"nxdomain\"",
        "template IN A {\\n rcode NXDOMIAN\\n} => Corefile:2: template: rcode: unknown rcode"
            + " \"NXDOMIAN\" (expected NOERROR, FORMERR, SERVFAIL, NXDOMAIN, NOTIMP, REFUSED,"
            + " YXDOMAIN, YXRRSET, NXRRSET, NOTAUTH, NOTZONE or DSOTYPENI)",
        "template IN A {\\n rcode BADCOOKIE\\n} => Corefile:2: template: rcode: extended rcode"
            + " BADCOOKIE is not supported (NOERROR to NOTZONE, DSOTYPENI)",
        "template IN A {\\n ederror 70000\\n} => Corefile:2: template: ederror: EXTENDED_ERROR_CODE"
            + " must be a number from 0 to 65535 (RFC 8914, e.g. 21 for \"Not Supported\"), got"
            + " \"70000\"",
        "template IN A {\\n ederror 1 a b\\n} => Corefile:2: template: ederror: expected 1 to 2"
            + " arguments (ederror EXTENDED_ERROR_CODE [EXTRA_REASON]), got 3: \"1 a b\"",
        "template IN A {\\n answer\\n} => Corefile:2: template: answer: expected at least 1 argument"
            + " (answer RR...), got none",
        "template IN A {\\n\\n answer \"{{ .Name }} A {{ .Message }}\"\\n} => Corefile:3: template:"
            + " answer: could not compile template \"{{ .Name }} A {{ .Message }}\": .Message is"
            + " not supported: the query message is not exposed to templates (supported: .Name,"
            + " .Zone, .Class, .Type, .Remote, .Regex, .Match, .Group, .Group.NAME, index .Match"
            + " N, index .Group \"NAME\", parseInt STRING BASE BITS)",
        "template IN A {\\n authority \"{{ if .Name }}x{{ end }}\"\\n} => Corefile:2: template:"
            + " authority: could not compile template \"{{ if .Name }}x{{ end }}\": \"if\" is not"
            + " supported: Go template actions, variables and constants other than these are"
            + " refused (supported: .Name, .Zone, .Class, .Type, .Remote, .Regex, .Match, .Group,"
            + " .Group.NAME, index .Match N, index .Group \"NAME\", parseInt STRING BASE BITS)",
        "template IN A {\\n var ip group('ip')\\n} => Corefile:2: template: option \"var\" is not"
            + " supported (CoreDNS's expression language is not implemented; use match with named"
            + " groups)",
        "template IN A {\\n expr true\\n} => Corefile:2: template: option \"expr\" is not supported"
            + " (CoreDNS's expression language is not implemented; use match with named groups)",
        "template IN A {\\n answers x\\n} => Corefile:2: template: unknown option \"answers\""
            + " (expected one of: match, answer, additional, authority, rcode, ederror,"
            + " fallthrough)",
        "template IN A {\\n answer \"{{ .Name }} 60 IN A {{ .Group.ip }}\"\\n} => Corefile:1:"
            + " template: answer \"{{ .Name }} 60 IN A {{ .Group.ip }}\" reads group \"ip\", but no"
            + " match regex has a group (?P<ip>...) (match .*)",
        "template IN A {\\n match ^(a)(?P<b>b)\\n answer \"{{ index .Match 3 }} A 1.1.1.1\"\\n} =>"
            + " Corefile:1: template: answer \"{{ index .Match 3 }} A 1.1.1.1\" reads index .Match"
            + " 3, but the match regexes have at most 2 groups (match ^(a)(?P<b>b))",
        "template IN ANY foogle.com {\\n answer \"foogle.com 60 IN CNAME google.com\"\\n} =>"
            + " Corefile:1: template: answer \"foogle.com 60 IN CNAME google.com\": a CNAME answer"
            + " to A or AAAA queries is not supported (CoreDNS resolves the target and adds its"
            + " records; write the address records themselves, or a template of TYPE CNAME)",
      })
  void refusesWhatCannotBeServedNamingTheLineAndTheAlternative(String snippet, String message) {
    assertThatThrownBy(() -> parse(snippet.replace("\\n", "\n")))
        .isInstanceOf(CorefileException.class)
        .hasMessage(message);
  }

  @Test
  void aCnameAnswerIsAcceptedWhereCoreDnsDoesNotChaseIt() {
    assertThat(
            rule("template IN CNAME foogle.com { answer \"foogle.com 60 IN CNAME google.com\" }")
                .answer())
        .hasSize(1);
    assertThat(rule("template IN A x { answer \"x. 60 IN {{ .Type }} 10.0.0.1\" }").answer())
        .as("a type only known once rendered is checked when answering")
        .hasSize(1);
  }

  @Test
  void readsTypeAndTtlInEitherOrderWhenLookingForAFixedType() {
    assertThat(TemplateSetup.fixedType(GoTemplate.parse("answer", "a. IN 60 CNAME b.")))
        .contains("CNAME");
    assertThat(TemplateSetup.fixedType(GoTemplate.parse("answer", "{{ .Name }} 1h cname b.")))
        .contains("CNAME");
    assertThat(TemplateSetup.fixedType(GoTemplate.parse("answer", "{{ .Name }} A 10.0.0.1")))
        .contains("A");
    assertThat(TemplateSetup.fixedType(GoTemplate.parse("answer", "{{ .Name }} {{ .Type }} x")))
        .isEmpty();
  }

  @Test
  void theBlocksZonesAreTheDefaultAndRelativeZonesAreMadeAbsolute() {
    assertThat(rule("template ANY ANY").zones()).isEqualTo(BLOCK_ZONES);
    assertThat(rule("template ANY ANY Invalid local").zones())
        .containsExactly("invalid.", "local.");
    assertThat(rule("template ANY ANY").extendedError()).isEqualTo(Optional.empty());
  }
}
