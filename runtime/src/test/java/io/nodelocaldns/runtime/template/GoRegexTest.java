package io.nodelocaldns.runtime.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoRegexTest {

  @Test
  void searchesTheNameUnanchoredAsGoMatchStringDoes() {
    GoRegex regex = GoRegex.compile("example");

    assertThat(regex.find("www.example.com.")).containsExactly("example");
    assertThat(regex.find("www.example.org.")).isNotNull();
    assertThat(regex.find("www.other.com.")).isNull();
  }

  @Test
  void namedGroupsInGoSyntaxAreNumberedAndNamed() {
    GoRegex regex =
        GoRegex.compile("^ip-(?P<a>[0-9]+)-(?P<b_2>[0-9]+)-([0-9]+)-(?<d>[0-9]+)[.]example[.]$");

    assertThat(regex.groupCount()).isEqualTo(4);
    assertThat(regex.find("ip-10-1-2-3.example."))
        .containsExactly("ip-10-1-2-3.example.", "10", "1", "2", "3");
    assertThat(
            List.of(regex.groupName(1), regex.groupName(2), regex.groupName(3), regex.groupName(4)))
        .containsExactly("a", "b_2", "", "d");
    assertThat(regex.hasGroup("b_2")).isTrue();
    assertThat(regex.hasGroup("c")).isFalse();
  }

  @Test
  void aGroupThatTookNoPartIsEmptyAsInGo() {
    assertThat(GoRegex.compile("^(a)?(b)").find("b.")).containsExactly("b", "", "b");
  }

  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "[[:digit:]]+|abc123.|true",
        "^[[:^digit:]]+$|abc.|true",
        "^[[:alpha:]]+[.]$|abc1.|false",
        "[a[]|[.|true",
        "[]a]|].|true",
        "[a&&b]|&.|true",
        "a{|a{.|true",
        "^a{2}$|aa|true",
        "x{,2}|x{,2}|true",
        "\\Qa.b\\E|a.b.|true",
        "\\Qa.b\\E|axb.|false",
        "(?i)^EXAMPLE[.]$|example.|true",
        "\\pL+|abc|true",
        "^\\x41$|A|true",
      })
  void translatesRe2SyntaxJavaWritesDifferently(String re2, String name, boolean matches) {
    assertThat(GoRegex.compile(re2).find(name) != null).isEqualTo(matches);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "(a)\\1|backreferences and octal escapes",
        "\\012|backreferences and octal escapes",
        "a(?=b)|lookaround",
        "a(?!b)|lookaround",
        "(?<=a)b|lookaround",
        "(?>a)|atomic",
        "a*+|nested repetition",
        "a{2}{3}|nested repetition",
        "a**|nested repetition",
        "(?U)a*|flag U",
        "(?x)a|flag x is not RE2",
        "\\Z|invalid escape sequence \\Z",
        "\\h|invalid escape sequence \\h",
        "\\p{Greek}|only Unicode general categories",
        "[[:nothing:]]|unknown POSIX class",
        "(?P<a>x)(?P<a>y)|duplicate group name",
        "(?P<a-b>x)|invalid group name",
        "a{1001}|exceeds RE2's 1000",
        "[abc|missing closing ]",
        "(abc|Unclosed group",
      })
  void refusesWhatRe2RefusesOrJavaReadsOtherwise(String re2, String reason) {
    assertThatThrownBy(() -> GoRegex.compile(re2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void refusesARegexLongerThanCoreDnsAllows() {
    assertThatThrownBy(() -> GoRegex.compile("a".repeat(10_001)))
        .hasMessageContaining("too long: 10001 > 10000");
  }

  @Test
  void comparesByTheTextWritten() {
    assertThat(GoRegex.compile("^a(b)$")).isEqualTo(GoRegex.compile("^a(b)$"));
    assertThat(GoRegex.compile("^a(b)$")).hasSameHashCodeAs(GoRegex.compile("^a(b)$"));
    assertThat(GoRegex.compile("^a(b)$")).isNotEqualTo(GoRegex.compile("^a(c)$"));
  }
}
