package io.nodelocaldns.runtime.corefile;

/**
 * One token of a Corefile.
 *
 * @param text the token, without quotes
 * @param line the 1-based line it starts on
 * @param quoted whether it was written in quotes (a quoted {@code "{"} is an argument, not a brace)
 * @param startsLine whether a line break separates it from the previous token
 */
record Token(String text, int line, boolean quoted, boolean startsLine) {
  boolean isOpen() {
    return !quoted && text.equals("{");
  }

  boolean isClose() {
    return !quoted && text.equals("}");
  }
}
