package io.nodelocaldns.e2e.vm;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line the guest writes to its serial console when the scenario script has ended: {@code
 * NLD-VM-EXIT <nonce> <code>}. The nonce is per run, so a scenario printing a marker-like line (or
 * a kernel message mixed into the line) cannot forge another run's result.
 */
record ExitMarker(String nonce) {
  static final String PREFIX = "NLD-VM-EXIT";

  /** The shell line that prints the marker for the exit code in {@code $rc}. */
  String echoCommand(String exitCodeVariable) {
    return "echo \"" + PREFIX + " " + nonce + " $" + exitCodeVariable + "\"";
  }

  /** The exit code a console line reports, if it is this run's marker. */
  OptionalInt parse(String consoleLine) {
    // serial lines may end in \r and carry kernel output before the marker
    Matcher m =
        Pattern.compile(Pattern.quote(PREFIX + " " + nonce) + " (\\d{1,3})\\s*$")
            .matcher(consoleLine);
    return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
  }
}
