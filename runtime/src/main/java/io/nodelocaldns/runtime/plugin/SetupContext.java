package io.nodelocaldns.runtime.plugin;

import java.util.List;

/**
 * What a directive is read against besides its own lines.
 *
 * @param blockZones the normalised zones of its server block, e.g. {@code ["cluster.local."]}
 * @param interfaces the machine's network interfaces, for directives that name them ({@code bind})
 */
public record SetupContext(List<String> blockZones, InterfaceAddresses interfaces) {
  public SetupContext {
    blockZones = List.copyOf(blockZones);
  }
}
