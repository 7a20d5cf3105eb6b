package io.nodelocaldns.runtime.corefile;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CoreDNS's environment variables in a Corefile: {@code {$NAME}} and {@code {%NAME%}} are replaced
 * by the variable's value when the file is read (kubespray writes {@code prometheus
 * {$MY_HOST_IP}:9253}). A variable that is not set is an error naming it and its line, where
 * CoreDNS would put nothing there and fail, or listen, somewhere less clear. Comments are left
 * alone.
 */
public final class EnvironmentVariables {
  private static final Pattern REFERENCE =
      Pattern.compile("\\{\\$([A-Za-z_][A-Za-z0-9_]*)}|\\{%([A-Za-z_][A-Za-z0-9_]*)%}");

  private EnvironmentVariables() {}

  /**
   * {@code text} with every reference replaced from {@code environment}.
   *
   * @param source the Corefile's name, for messages
   * @throws CorefileException naming the line, if a variable is not set
   */
  public static String substitute(String source, String text, Map<String, String> environment) {
    StringBuilder out = new StringBuilder(text.length());
    int line = 1;
    for (String written : text.split("\n", -1)) {
      if (line > 1) {
        out.append('\n');
      }
      int comment = written.indexOf('#');
      String code = comment < 0 ? written : written.substring(0, comment);
      Matcher m = REFERENCE.matcher(code);
      StringBuilder filled = new StringBuilder(code.length());
      while (m.find()) {
        String name = m.group(1) != null ? m.group(1) : m.group(2);
        String value = environment.get(name);
        if (value == null) {
          throw new CorefileException(
              new Location(source, line),
              null,
              "environment variable " + name + " is not set (in \"" + m.group() + "\")");
        }
        m.appendReplacement(filled, Matcher.quoteReplacement(value));
      }
      m.appendTail(filled);
      out.append(filled).append(comment < 0 ? "" : written.substring(comment));
      line++;
    }
    return out.toString();
  }
}
