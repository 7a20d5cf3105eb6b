package io.nodelocaldns.runtime.corefile;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code __PILLAR__NAME__} placeholders of the upstream NodeLocal DNS manifest, e.g. {@code
 * __PILLAR__LOCAL__DNS__} and {@code __PILLAR__UPSTREAM__SERVERS__}, which the node agent fills in
 * before the Corefile is served.
 */
public final class Placeholders {
  /** A placeholder: {@code __PILLAR__}, then upper-case words each followed by {@code __}. */
  public static final Pattern PATTERN = Pattern.compile("__PILLAR__(?:[A-Z0-9]+__)+");

  private Placeholders() {}

  /**
   * Replaces each placeholder found in {@code text} whose full name is a key of {@code values}
   * (e.g. {@code "__PILLAR__LOCAL__DNS__"} → {@code "169.254.20.10"}); others are left as they are.
   * One pass over the text, so a value is never itself substituted.
   *
   * @throws IllegalArgumentException if a key is not a placeholder name
   */
  public static String substitute(String text, Map<String, String> values) {
    for (String key : values.keySet()) {
      if (!PATTERN.matcher(key).matches()) {
        throw new IllegalArgumentException(
            "placeholder names look like __PILLAR__LOCAL__DNS__, got \"" + key + "\"");
      }
    }
    Matcher m = PATTERN.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      String value = values.getOrDefault(m.group(), m.group());
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The first placeholder left in {@code text}, if any. */
  public static Optional<String> firstIn(String text) {
    Matcher m = PATTERN.matcher(text);
    return m.find() ? Optional.of(m.group()) : Optional.empty();
  }
}
