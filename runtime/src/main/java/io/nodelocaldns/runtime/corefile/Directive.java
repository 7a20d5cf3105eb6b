package io.nodelocaldns.runtime.corefile;

import java.util.List;

/**
 * One directive line of a server block, with its nested block if it has one, e.g. {@code forward .
 * 10.0.0.10 { force_tcp }} has args {@code [".", "10.0.0.10"]} and one nested directive.
 */
public record Directive(String name, List<String> args, List<Directive> block, Location location) {
  public Directive {
    args = List.copyOf(args);
    block = List.copyOf(block);
  }
}
