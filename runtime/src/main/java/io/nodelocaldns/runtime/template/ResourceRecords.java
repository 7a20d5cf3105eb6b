package io.nodelocaldns.runtime.template;

import java.io.IOException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TTL;
import org.xbill.DNS.Tokenizer;
import org.xbill.DNS.Type;

/**
 * Reads a rendered template as miekg/dns's {@code NewRR} does: one resource record in zone-file
 * form, {@code OWNER [TTL] [CLASS] TYPE RDATA} (TTL and class in either order), relative names
 * completed with the root, TTL 3600 and class IN when left out. Only the first record of the text
 * is read. Zone-file directives ({@code $INCLUDE}, {@code $ORIGIN}, ...) are refused: a template
 * never reads a file.
 */
final class ResourceRecords {
  /** miekg/dns's {@code defaultTtl}. */
  static final long DEFAULT_TTL = 3600;

  private ResourceRecords() {}

  /**
   * @throws IllegalArgumentException saying what is wrong with {@code text}
   */
  static Record parse(String text) {
    try (Tokenizer st = new Tokenizer(text)) {
      Tokenizer.Token token = st.get();
      while (token.type() == Tokenizer.EOL) {
        token = st.get();
      }
      if (token.type() != Tokenizer.IDENTIFIER) {
        throw new IllegalArgumentException("no resource record in \"" + text + "\"");
      }
      if (token.value().startsWith("$")) {
        throw new IllegalArgumentException(
            "zone-file directives such as " + token.value() + " are not allowed");
      }
      Name owner = Name.fromString(token.value(), Name.root);
      long ttl = -1;
      int dclass = -1;
      while (true) {
        token = st.get();
        if (token.type() != Tokenizer.IDENTIFIER) {
          throw new IllegalArgumentException("no record type in \"" + text + "\"");
        }
        String word = token.value();
        if (dclass < 0 && DClass.value(word) >= 0) {
          dclass = DClass.value(word);
        } else if (Type.value(word) >= 0) {
          return Record.fromString(
              owner,
              Type.value(word),
              dclass < 0 ? DClass.IN : dclass,
              ttl < 0 ? DEFAULT_TTL : ttl,
              st,
              Name.root);
        } else if (ttl < 0 && isTtl(word)) {
          ttl = TTL.parseTTL(word);
        } else {
          throw new IllegalArgumentException(
              "unknown record type \"" + word + "\" in \"" + text + "\"");
        }
      }
    } catch (IOException e) {
      // dnsjava's TextParseException: a bad name or bad record data
      throw new IllegalArgumentException(e.getMessage() + " in \"" + text + "\"", e);
    }
  }

  private static boolean isTtl(String word) {
    try {
      TTL.parseTTL(word);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
