package io.nodelocaldns.runtime.template;

/** Go's {@code strconv.ParseUint}, behind CoreDNS's {@code parseInt} template function. */
final class GoNumbers {
  private GoNumbers() {}

  /**
   * Reads {@code s} as an unsigned integer in {@code base} (0: from its prefix, {@code 0x}, {@code
   * 0o}, {@code 0b} or {@code 0}, with {@code _} between digits) that fits in {@code bitSize} bits
   * (0: 64).
   *
   * @return the value, as an unsigned 64-bit number
   * @throws NumberFormatException with Go's message, e.g. {@code strconv.ParseUint: parsing "zz":
   *     invalid syntax}
   */
  static long parseUint(String s, int base, int bitSize) {
    if (s.isEmpty()) {
      throw syntaxError(s);
    }
    boolean base0 = base == 0;
    String digits = s;
    if (base0) {
      base = 10;
      if (s.charAt(0) == '0') {
        char prefix = s.length() >= 3 ? Character.toLowerCase(s.charAt(1)) : '\0';
        switch (prefix) {
          case 'b' -> {
            base = 2;
            digits = s.substring(2);
          }
          case 'o' -> {
            base = 8;
            digits = s.substring(2);
          }
          case 'x' -> {
            base = 16;
            digits = s.substring(2);
          }
          default -> {
            base = 8;
            digits = s.substring(1);
          }
        }
      }
    }
    if (bitSize == 0) {
      bitSize = 64;
    }
    long max = bitSize == 64 ? -1L : (1L << bitSize) - 1;
    long cutoff = Long.divideUnsigned(-1L, base) + 1;
    long n = 0;
    boolean underscores = false;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      char lower = Character.toLowerCase(c);
      int d;
      if (c == '_' && base0) {
        underscores = true;
        continue;
      } else if (c >= '0' && c <= '9') {
        d = c - '0';
      } else if (lower >= 'a' && lower <= 'z') {
        d = lower - 'a' + 10;
      } else {
        throw syntaxError(s);
      }
      if (d >= base) {
        throw syntaxError(s);
      }
      if (Long.compareUnsigned(n, cutoff) >= 0) {
        throw rangeError(s);
      }
      n *= base;
      long n1 = n + d;
      if (Long.compareUnsigned(n1, n) < 0 || Long.compareUnsigned(n1, max) > 0) {
        throw rangeError(s);
      }
      n = n1;
    }
    if (underscores && !underscoreOk(s)) {
      throw syntaxError(s);
    }
    return n;
  }

  /** Go's {@code underscoreOK}: underscores only between digits (or after a base prefix). */
  private static boolean underscoreOk(String s) {
    char saw = '^';
    int i = 0;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      s = s.substring(1);
    }
    boolean hex = false;
    if (s.length() >= 2
        && s.charAt(0) == '0'
        && "box".indexOf(Character.toLowerCase(s.charAt(1))) >= 0) {
      i = 2;
      saw = '0';
      hex = Character.toLowerCase(s.charAt(1)) == 'x';
    }
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      char lower = Character.toLowerCase(c);
      if ((c >= '0' && c <= '9') || (hex && lower >= 'a' && lower <= 'f')) {
        saw = '0';
        continue;
      }
      if (c == '_') {
        if (saw != '0') {
          return false;
        }
        saw = '_';
        continue;
      }
      if (saw == '_') {
        return false;
      }
      saw = '!';
    }
    return saw != '_';
  }

  private static NumberFormatException syntaxError(String s) {
    return new NumberFormatException("strconv.ParseUint: parsing " + quote(s) + ": invalid syntax");
  }

  private static NumberFormatException rangeError(String s) {
    return new NumberFormatException(
        "strconv.ParseUint: parsing " + quote(s) + ": value out of range");
  }

  /** Go's {@code strconv.Quote}, for the ASCII a DNS name's groups hold. */
  private static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7F) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
