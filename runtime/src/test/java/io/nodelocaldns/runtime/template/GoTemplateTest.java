package io.nodelocaldns.runtime.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoTemplateTest {
  private static final TemplateData DATA =
      new TemplateData(
          "example.",
          "ip-10-1-2-3.example.",
          "^ip-(?P<a>[0-9]+)-([0-9]+)-([0-9]+)-([0-9]+)[.]example[.]$",
          List.of("ip-10-1-2-3.example.", "10", "1", "2", "3"),
          Map.of("0", "ip-10-1-2-3.example.", "1", "10", "2", "1", "3", "2", "4", "3", "a", "10"),
          "IN",
          "A",
          "fd00::1");

  private static String render(String template) {
    return GoTemplate.parse("answer", template).render(DATA);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = " => ",
      quoteCharacter = '~',
      value = {
        "{{ .Name }} 60 IN A 10.0.0.1 => ip-10-1-2-3.example. 60 IN A 10.0.0.1",
        "{{.Name}} 60 {{.Class}} {{.Type}} => ip-10-1-2-3.example. 60 IN A",
        "{{   .Zone   }} => example.",
        "{{ .Remote }} => fd00::1",
        "{{ index .Match 0 }} => ip-10-1-2-3.example.",
        "{{ index .Match 4 }} => 3",
        "{{ .Group.a }}.{{ index .Group \"2\" }} => 10.1",
        "{{ index .Group \"nothing\" }}x => x",
        "{{ .Group.nothing }} => <no value>",
        "{{ parseInt .Group.a 16 8 }} => 16",
        "{{ parseInt (index .Match 1) 10 0 }} => 10",
        "{{ parseInt \"0x_1F\" 0 64 }} => 31",
        "{{ .Match }} => [ip-10-1-2-3.example. 10 1 2 3]",
        "a {{- .Zone -}} b => aexample.b",
        "a {{- /* a comment */ -}} b => ab",
        "a{{/* a comment */}}b => ab",
        "{{ `raw` }} => raw",
        "{{-3}} => -3",
        "{{ parseInt \"18446744073709551615\" 10 64 }} => 18446744073709551615",
      })
  void rendersWhatGoWould(String template, String expected) {
    assertThat(render(template)).isEqualTo(expected);
  }

  @Test
  void printsItsTreeAsGoDoesForTheMetricLabel() {
    assertThat(
            GoTemplate.parse(
                    "answer",
                    "{{ .Name }} 60 IN A 10.{{ index .Match 1 }}.{{ parseInt (index .Match 2) 10 8"
                        + " }} {{- /* c */}}")
                .tree())
        .isEqualTo("{{.Name}} 60 IN A 10.{{index .Match 1}}.{{parseInt (index .Match 2) 10 8}}");
  }

  @Test
  void anIndexOutOfRangeFailsTheRenderingAsInGo() {
    GoTemplate template = GoTemplate.parse("answer", "{{ index .Match 7 }}");

    assertThatThrownBy(() -> template.render(DATA))
        .isInstanceOf(GoTemplate.ExecutionException.class)
        .hasMessage(
            "template: answer: executing \"answer\" at <index .Match 7>: error calling index:"
                + " index out of range: 7");
  }

  @Test
  void aNumberParseIntCannotReadFailsTheRendering() {
    assertThatThrownBy(() -> render("{{ parseInt .Name 10 8 }}"))
        .isInstanceOf(GoTemplate.ExecutionException.class)
        .hasMessageEndingWith(
            "error calling parseInt: strconv.ParseUint: parsing \"ip-10-1-2-3.example.\": invalid"
                + " syntax");
    assertThatThrownBy(() -> render("{{ parseInt \"256\" 10 8 }}"))
        .hasMessageEndingWith("parsing \"256\": value out of range");
    assertThatThrownBy(() -> render("{{ parseInt .Group.x 10 8 }}"))
        .hasMessageEndingWith("invalid value; expected string");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = " => ",
      quoteCharacter = '~',
      value = {
        "{{ .Message }} => .Message is not supported",
        "{{ .Question }} => .Question is not supported",
        "{{ .Var.x }} => .Var is not supported",
        "{{ .Meta \"x\" }} => .Meta is not supported",
        "{{ .Nome }} => unknown field .Nome",
        "{{ .Name.Other }} => can't evaluate field .Name.Other",
        "{{ . }} => the dot",
        "{{ .Name | printf }} => pipelines (|) are not supported",
        "{{ printf \"%s\" .Name }} => function \"printf\" is not supported",
        "{{ if .Name }}x{{ end }} => \"if\" is not supported",
        "{{ $x := .Name }} => variables ($) are not supported",
        "{{ index .Name 1 }} => index only .Match or .Group",
        "{{ index .Match \"a\" }} => index .Match takes a number",
        "{{ index .Match -1 }} => index .Match takes a number",
        "{{ parseInt .Group.a 37 8 }} => invalid base 37",
        "{{ parseInt .Group.a 16 65 }} => invalid bit size 65",
        "{{ parseInt .Match 16 8 }} => write parseInt STRING BASE BITS",
        "{{ .Name 1 }} => can't give argument to non-function .Name",
        "{{ .Name => unclosed action",
        "{{}} => missing value for command",
        "{{ /* c */}} => unexpected \"/\" in command",
        "{{/* c */ }} => comment ends before closing delimiter",
        "{{ 1.5 }} => write a decimal integer",
        "{{ 'a' }} => character constants",
      })
  void refusesWhatItDoesNotImplementWithTheAlternative(String template, String reason) {
    assertThatThrownBy(() -> GoTemplate.parse("answer", template))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void knowsTheGroupsAndMatchIndexesItReads() {
    GoTemplate template =
        GoTemplate.parse("answer", "{{ .Group.a }} {{ index .Group \"b\" }} {{ index .Match 3 }}");

    assertThat(template.groupsUsed()).containsExactly("a", "b");
    assertThat(template.highestMatchIndex()).isEqualTo(3);
  }

  @Test
  void comparesByTheTextWrittenAndTheSection() {
    assertThat(GoTemplate.parse("answer", "{{ .Name }} A 1.2.3.4"))
        .isEqualTo(GoTemplate.parse("answer", "{{ .Name }} A 1.2.3.4"))
        .isNotEqualTo(GoTemplate.parse("additional", "{{ .Name }} A 1.2.3.4"))
        .isNotEqualTo(GoTemplate.parse("answer", "{{.Name}} A 1.2.3.4"));
  }
}
