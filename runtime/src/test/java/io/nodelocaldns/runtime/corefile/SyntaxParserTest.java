package io.nodelocaldns.runtime.corefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SyntaxParserTest {
  private static final String FILE = "Corefile";

  private static List<ServerBlockSyntax> parse(String text) {
    return SyntaxParser.parse(FILE, text);
  }

  private static Location line(int line) {
    return new Location(FILE, line);
  }

  private static Directive directive(int line, String name, String... args) {
    return new Directive(name, List.of(args), List.of(), line(line));
  }

  private static Directive withBlock(Directive d, Directive... block) {
    return new Directive(d.name(), d.args(), List.of(block), d.location());
  }

  @Test
  void readsBlocksDirectivesAndNestedBlocks() {
    String text =
        """
        cluster.local:53 {
            errors
            cache {
                    success 9984 30
                    denial 9984 5
            }
            forward . 10.96.0.11 {
                    force_tcp
            }
            }
        .:53 {
            cache 30
        }
        """;
    assertThat(parse(text))
        .containsExactly(
            new ServerBlockSyntax(
                List.of("cluster.local:53"),
                List.of(
                    directive(2, "errors"),
                    withBlock(
                        directive(3, "cache"),
                        directive(4, "success", "9984", "30"),
                        directive(5, "denial", "9984", "5")),
                    withBlock(
                        directive(7, "forward", ".", "10.96.0.11"), directive(8, "force_tcp"))),
                line(1)),
            new ServerBlockSyntax(
                List.of(".:53"), List.of(directive(12, "cache", "30")), line(11)));
  }

  static Stream<Arguments> layouts() {
    return Stream.of(
        Arguments.of(
            "comments",
            ".:53 { # open\n  errors # why\n  # alone\n} # close\n# tail",
            List.of(".:53"),
            List.of(directive(2, "errors"))),
        Arguments.of(
            "a # inside a token is not a comment",
            ".:53 {\n log a#b\n}",
            List.of(".:53"),
            List.of(directive(2, "log", "a#b"))),
        Arguments.of(
            "quotes",
            ".:53 {\n log \"a b\" \"say \\\"hi\\\"\" \"# not a comment\" \"\"\n}",
            List.of(".:53"),
            List.of(directive(2, "log", "a b", "say \"hi\"", "# not a comment", ""))),
        Arguments.of(
            "a quoted brace is an argument",
            ".:53 {\n log \"{\" \"}\"\n}",
            List.of(".:53"),
            List.of(directive(2, "log", "{", "}"))),
        Arguments.of(
            "a backslash before anything else stays",
            ".:53 {\n log \"a\\b\"\n}",
            List.of(".:53"),
            List.of(directive(2, "log", "a\\b"))),
        Arguments.of(
            "a quoted line break continues the line",
            ".:53 {\n log \"a\nb\" c\n errors\n}",
            List.of(".:53"),
            List.of(directive(2, "log", "a\nb", "c"), directive(4, "errors"))),
        Arguments.of(
            "keys separated by spaces",
            "cluster.local:53 in-addr.arpa:53 {\n errors\n}",
            List.of("cluster.local:53", "in-addr.arpa:53"),
            List.of(directive(2, "errors"))),
        Arguments.of(
            "keys separated by commas",
            "a.example,b.example, c.example {\n errors\n}",
            List.of("a.example", "b.example", "c.example"),
            List.of(directive(2, "errors"))),
        Arguments.of(
            "a trailing comma continues the keys",
            "a.example,\nb.example {\n errors\n}",
            List.of("a.example", "b.example"),
            List.of(directive(3, "errors"))),
        Arguments.of(
            "an opening brace on the next line",
            ".:53\n{\n errors\n}",
            List.of(".:53"),
            List.of(directive(3, "errors"))),
        Arguments.of(
            "a '{' glued to a directive",
            ".:53{\n cache{\n  success 5\n }\n}",
            List.of(".:53"),
            List.of(withBlock(directive(2, "cache"), directive(3, "success", "5")))),
        Arguments.of("an empty block", ".:53 {\n}", List.of(".:53"), List.of()),
        Arguments.of(
            "a block on one line",
            ".:53 { errors }",
            List.of(".:53"),
            List.of(directive(1, "errors"))),
        Arguments.of(
            "a nested block on one line",
            ".:53 {\n forward . 10.0.0.1 { force_tcp }\n errors\n}",
            List.of(".:53"),
            List.of(
                withBlock(directive(2, "forward", ".", "10.0.0.1"), directive(2, "force_tcp")),
                directive(3, "errors"))),
        Arguments.of(
            "nesting to any depth",
            ".:53 {\n a {\n  b {\n   c 1\n  }\n }\n}",
            List.of(".:53"),
            List.of(
                withBlock(
                    directive(2, "a"), withBlock(directive(3, "b"), directive(4, "c", "1"))))),
        Arguments.of(
            "a lone block without braces",
            ".:53\nerrors\ncache 30\n",
            List.of(".:53"),
            List.of(directive(2, "errors"), directive(3, "cache", "30"))),
        Arguments.of(
            "Windows line ends",
            ".:53 {\r\n errors\r\n}\r\n",
            List.of(".:53"),
            List.of(directive(2, "errors"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void readsLayout(String name, String text, List<String> keys, List<Directive> directives) {
    assertThat(parse(text)).containsExactly(new ServerBlockSyntax(keys, directives, line(1)));
  }

  static Stream<Arguments> syntaxErrors() {
    return Stream.of(
        Arguments.of("", "Corefile:1: no server block (expected e.g. \".:53 { ... }\")"),
        Arguments.of(
            "# only a comment\n\n", "Corefile:1: no server block (expected e.g. \".:53 { ... }\")"),
        Arguments.of(
            "{\n errors\n}",
            "Corefile:1: server block has no keys (expected ZONE[:PORT] before '{')"),
        Arguments.of(
            ".:53 {\n errors\n}\n{\n}",
            "Corefile:4: server block has no keys (expected ZONE[:PORT] before '{')"),
        Arguments.of(
            // found by CorefileFuzzTest: only empty keys made a block that served nothing
            "\"\" {\n errors\n}",
            "Corefile:1: server block has no keys (expected ZONE[:PORT] before '{')"),
        Arguments.of(
            ".:53 {\n}\n, {\n}",
            "Corefile:3: server block has no keys (expected ZONE[:PORT] before '{')"),
        Arguments.of("}\n", "Corefile:1: unexpected '}' (no block is open)"),
        Arguments.of(".:53 {\n errors\n}\n}\n", "Corefile:4: unexpected '}' (no block is open)"),
        Arguments.of(".:53\nerrors\n}\n", "Corefile:3: unexpected '}' (no block is open)"),
        Arguments.of(".:53 }", "Corefile:1: unexpected '}' among the server block keys"),
        Arguments.of(
            ".:53 {\n errors\n",
            "Corefile:1: '{' is never closed (expected '}' before the end of the file)"),
        Arguments.of(
            ".:53 {\n cache {\n  success 1\n}\n",
            "Corefile:1: '{' is never closed (expected '}' before the end of the file)"),
        Arguments.of(
            ".:53 {\n errors\n}\n.:54 {\n cache {\n  success 1\n",
            "Corefile:5: '{' is never closed (expected '}' before the end of the file)"),
        Arguments.of(
            ".:53 {\n errors\n {\n}\n}",
            "Corefile:3: unexpected '{' (a block opens at the end of a directive's line)"),
        Arguments.of(
            ".:53 {\n}\n.:54\nerrors\n",
            "Corefile:3: expected '{' after the server block keys .:54"),
        Arguments.of(
            ".:53 {\n log \"abc\n}\n", "Corefile:2: quoted string is never closed (missing '\"')"),
        Arguments.of(
            ".:53 {\n forward . __PILLAR__CLUSTER__DNS__ {\n force_tcp\n }\n}",
            "Corefile:2: forward: placeholder __PILLAR__CLUSTER__DNS__ was not substituted"
                + " (expected the node agent to fill it in, in \"__PILLAR__CLUSTER__DNS__\")"),
        Arguments.of(
            ".:53 {\n health __PILLAR__LOCAL__DNS__:8080\n}",
            "Corefile:2: health: placeholder __PILLAR__LOCAL__DNS__ was not substituted"
                + " (expected the node agent to fill it in, in \"__PILLAR__LOCAL__DNS__:8080\")"),
        Arguments.of(
            ".:53 {\n forward . 10.0.0.1 {\n  except __PILLAR__X__\n }\n}",
            "Corefile:3: forward: placeholder __PILLAR__X__ was not substituted"
                + " (expected the node agent to fill it in, in \"__PILLAR__X__\")"),
        Arguments.of(
            "__PILLAR__DNS__DOMAIN__:53 {\n}",
            "Corefile:1: placeholder __PILLAR__DNS__DOMAIN__ was not substituted"
                + " (expected the node agent to fill it in, in \"__PILLAR__DNS__DOMAIN__:53\")"));
  }

  @ParameterizedTest
  @MethodSource("syntaxErrors")
  void reportsSyntaxErrorWithItsLine(String text, String message) {
    assertThatThrownBy(() -> parse(text)).isInstanceOf(CorefileException.class).hasMessage(message);
  }

  @Test
  void aBlockStartsOnTheLineOfItsKeys() {
    assertThat(parse("# the cluster's names\n\ncluster.local {\n errors\n}"))
        .containsExactly(
            new ServerBlockSyntax(
                List.of("cluster.local"), List.of(directive(4, "errors")), line(3)));
  }

  @Test
  void placeholdersInCommentsAreIgnored() {
    assertThat(parse(".:53 {\n errors # bind __PILLAR__DNS__SERVER__ in iptables mode\n}"))
        .containsExactly(
            new ServerBlockSyntax(List.of(".:53"), List.of(directive(2, "errors")), line(1)));
  }
}
