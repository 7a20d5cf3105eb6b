package io.nodelocaldns.runtime.corefile;

import java.util.List;

/** Directives for setup tests, parsed from snippets as the Corefile parser would see them. */
public final class Snippets {
  /** The name messages give the snippet's file. */
  public static final String SOURCE = "Corefile";

  private Snippets() {}

  /**
   * The first directive of {@code text}, which starts on line 1 of the file, so a message about it
   * reads {@code Corefile:1: ...}, one about the next line {@code Corefile:2: ...}.
   */
  public static Directive directive(String text) {
    return directives(text).get(0);
  }

  /** All directives of {@code text}, written as the body of one server block. */
  public static List<Directive> directives(String text) {
    return SyntaxParser.parse(SOURCE, ".:53 { " + text + "\n}").get(0).directives();
  }
}
