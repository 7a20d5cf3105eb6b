package io.nodelocaldns.runtime.bind;

import io.nodelocaldns.runtime.corefile.Addresses;
import io.nodelocaldns.runtime.corefile.Args;
import io.nodelocaldns.runtime.corefile.Directive;
import io.nodelocaldns.runtime.plugin.InterfaceAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code bind ADDRESS|INTERFACE ... [{ except ADDRESS|INTERFACE ... }]}. As in CoreDNS, a
 * block may have several {@code bind} lines, whose addresses add up; each line's {@code except}
 * removes addresses from that line. An interface stands for all its addresses but IPv6 link-local
 * ones (which need a zone to be bound).
 */
public final class BindSetup {
  private static final String EXCEPT = "except";

  private BindSetup() {}

  /** Reads the block's {@code bind} lines against the machine's interfaces. */
  public static BindConfig parse(List<Directive> binds) {
    return parse(binds, InterfaceAddresses.SYSTEM);
  }

  /** Reads the block's {@code bind} lines, resolving interface names with {@code interfaces}. */
  public static BindConfig parse(List<Directive> binds, InterfaceAddresses interfaces) {
    Set<InetAddress> all = new LinkedHashSet<>();
    for (Directive bind : binds) {
      Args args = Args.of(bind).count(1, Integer.MAX_VALUE, "bind ADDRESS|INTERFACE...");
      Set<InetAddress> addresses = new LinkedHashSet<>(addresses(args, interfaces));
      for (Directive line : args.block()) {
        if (!line.name().equals(EXCEPT)) {
          throw args.unknownOption(line, List.of(EXCEPT));
        }
        Args except =
            args.option(line).count(1, Integer.MAX_VALUE, "except ADDRESS|INTERFACE...").noBlock();
        addresses.removeAll(addresses(except, interfaces));
      }
      if (addresses.isEmpty()) {
        throw args.error("every address is excluded by except, nothing is left to listen on");
      }
      all.addAll(addresses);
    }
    return new BindConfig(new ArrayList<>(all));
  }

  private static List<InetAddress> addresses(Args args, InterfaceAddresses interfaces) {
    List<InetAddress> out = new ArrayList<>();
    for (String value : args.values()) {
      Optional<InetAddress> ip = Addresses.ip(value);
      if (ip.isPresent()) {
        out.add(ip.get());
        continue;
      }
      List<InetAddress> ofInterface =
          interfaces
              .of(value)
              .orElseThrow(
                  () ->
                      args.error(
                          "\""
                              + value
                              + "\" is neither an IP address nor a network interface of this"
                              + " machine"));
      List<InetAddress> listenable = InterfaceAddresses.listenable(ofInterface);
      out.addAll(listenable);
      if (listenable.isEmpty()) {
        throw args.error(
            "network interface \""
                + value
                + "\" has no address to listen on (expected one that"
                + " is not IPv6 link-local)");
      }
    }
    return out;
  }
}
