package io.nodelocaldns.runtime.wire;

/** Domain names in presentation form: absolute, dot-separated, with RFC 4343 escapes. */
public final class DnsNames {
  public static final int MAX_NAME_LENGTH = 255;
  public static final int MAX_LABEL_LENGTH = 63;

  private DnsNames() {}

  /** Lower-cases ASCII letters only; DNS names compare case-insensitively in ASCII (RFC 4343). */
  public static String toLowerAscii(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        char[] chars = name.toCharArray();
        for (int j = i; j < chars.length; j++) {
          char d = chars[j];
          if (d >= 'A' && d <= 'Z') {
            chars[j] = (char) (d + ('a' - 'A'));
          }
        }
        return new String(chars);
      }
    }
    return name;
  }

  /**
   * Normalises a zone or name as written in a Corefile or by a user: lower case, absolute ({@code
   * "cluster.local"} becomes {@code "cluster.local."}, {@code "."} stays).
   */
  public static String normalize(String name) {
    String lower = toLowerAscii(name.trim());
    if (lower.isEmpty() || lower.equals(".")) {
      return ".";
    }
    return lower.endsWith(".") ? lower : lower + ".";
  }

  /** Whether {@code name} equals {@code zone} or lies below it; both normalised. */
  public static boolean isInZone(String name, String zone) {
    if (zone.equals(".")) {
      return true;
    }
    if (!name.endsWith(zone)) {
      return false;
    }
    int boundary = name.length() - zone.length();
    return boundary == 0 || name.charAt(boundary - 1) == '.';
  }

  /**
   * Reads an uncompressed name starting at {@code offset} and appends its presentation form.
   *
   * @return the offset just past the name
   * @throws MalformedMessageException on a pointer, an over-long label or name, or a short buffer
   */
  public static int readUncompressed(byte[] m, int offset, int limit, StringBuilder out) {
    int pos = offset;
    int wireLength = 0;
    while (true) {
      if (pos >= limit) {
        throw new MalformedMessageException("name runs past the end of the message");
      }
      int len = m[pos] & 0xFF;
      if ((len & 0xC0) != 0) {
        throw new MalformedMessageException(
            "compression pointer or reserved label type in question");
      }
      wireLength += len + 1;
      if (wireLength > MAX_NAME_LENGTH) {
        throw new MalformedMessageException("name longer than 255 octets");
      }
      pos++;
      if (len == 0) {
        if (out.isEmpty()) {
          out.append('.');
        }
        return pos;
      }
      if (pos + len > limit) {
        throw new MalformedMessageException("label runs past the end of the message");
      }
      appendLabel(m, pos, len, out);
      out.append('.');
      pos += len;
    }
  }

  /**
   * Skips a possibly compressed name starting at {@code offset}.
   *
   * @return the offset just past the name as it is stored at {@code offset}
   */
  public static int skip(byte[] m, int offset, int limit) {
    int pos = offset;
    int wireLength = 0;
    while (true) {
      if (pos >= limit) {
        throw new MalformedMessageException("name runs past the end of the message");
      }
      int len = m[pos] & 0xFF;
      if ((len & 0xC0) == 0xC0) {
        if (pos + 2 > limit) {
          throw new MalformedMessageException("compression pointer runs past the end");
        }
        int target = ((len & 0x3F) << 8) | (m[pos + 1] & 0xFF);
        if (target >= offset) {
          // pointers must point backwards; anything else can loop
          throw new MalformedMessageException("compression pointer does not point backwards");
        }
        if (target < DnsFlags.HEADER_LENGTH) {
          // no name lives in the header, and its ID and flags change when we answer a client
          throw new MalformedMessageException("compression pointer into the header");
        }
        return pos + 2;
      }
      if ((len & 0xC0) != 0) {
        throw new MalformedMessageException("reserved label type");
      }
      wireLength += len + 1;
      if (wireLength > MAX_NAME_LENGTH) {
        throw new MalformedMessageException("name longer than 255 octets");
      }
      pos += len + 1;
      if (len == 0) {
        return pos;
      }
    }
  }

  private static void appendLabel(byte[] m, int start, int len, StringBuilder out) {
    for (int i = start; i < start + len; i++) {
      int b = m[i] & 0xFF;
      if (b == '.' || b == '\\') {
        out.append('\\').append((char) b);
      } else if (b > 0x20 && b < 0x7F) {
        out.append((char) b);
      } else {
        out.append('\\');
        if (b < 100) {
          out.append('0');
        }
        if (b < 10) {
          out.append('0');
        }
        out.append(b);
      }
    }
  }
}
