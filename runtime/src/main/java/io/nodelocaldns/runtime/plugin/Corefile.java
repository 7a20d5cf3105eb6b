package io.nodelocaldns.runtime.plugin;

import java.util.List;

/**
 * A parsed and validated Corefile.
 *
 * @param source where it was read from (a file name, for messages)
 * @param text the text served, after placeholder substitution (logged at start like CoreDNS)
 * @param servers the server blocks, in file order
 */
public record Corefile(String source, String text, List<ServerConfig> servers) {
  public Corefile {
    servers = List.copyOf(servers);
  }
}
