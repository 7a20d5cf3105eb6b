package io.nodelocaldns.runtime.corefile;

import java.util.List;

/**
 * A server block as written, before its directives are understood: the keys (e.g. {@code
 * "cluster.local:53"}) and the directive lines.
 */
public record ServerBlockSyntax(List<String> keys, List<Directive> directives, Location location) {
  public ServerBlockSyntax {
    keys = List.copyOf(keys);
    directives = List.copyOf(directives);
  }
}
