package io.nodelocaldns.modes.node;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The link and its addresses through {@code ip}, with idempotent verbs. The link stays DOWN, as
 * upstream's dummy does: an address on a DOWN link is still local for routing ({@code ip route get}
 * answers {@code local}), and nothing should ever leave through it.
 */
public final class IpLinks {
  static final String IP = "ip";
  private static final String UNKNOWN_TYPE = "Unknown device type";

  private final CommandRunner runner;

  public IpLinks(CommandRunner runner) {
    this.runner = runner;
  }

  /** Whether the link exists; a failing check other than "does not exist" throws. */
  public boolean exists(String name) {
    List<String> argv = List.of(IP, "link", "show", name);
    CommandResult result = runner.query(argv);
    if (result.ok()) {
      return true;
    }
    if (result.exitCode() == CommandResult.NOT_STARTED) {
      throw new NodeCommandException(SetupErrors.Type.INTERFACE_CHECK, result.describe(argv));
    }
    return false;
  }

  /**
   * Creates the link unless it exists.
   *
   * @return whether this call created it
   * @throws NodeSetupException naming {@code --link-type bridge} when the kernel has no dummy
   *     driver
   */
  public boolean ensureLink(String name, LinkType type) {
    if (exists(name)) {
      return false;
    }
    List<String> argv = List.of(IP, "link", "add", name, "type", type.ipLinkType());
    CommandResult result = runner.run(argv);
    if (result.ok()) {
      return true;
    }
    if (type == LinkType.DUMMY && result.stderr().contains(UNKNOWN_TYPE)) {
      throw new NodeSetupException(
          "cannot create link "
              + name
              + ": this kernel has no dummy driver ("
              + result.describe(argv)
              + "); run with --link-type bridge (a bridge without ports works the same way)");
    }
    throw new NodeCommandException(SetupErrors.Type.INTERFACE_ADD, result.describe(argv));
  }

  /**
   * Puts {@code address} on the link (/32 or /128) unless it is there; returns whether this call
   * added it. An IPv6 address is added {@code nodad}: duplicate address detection never finishes on
   * a link that is down, and until it does the address is <em>tentative</em> and bind() fails on
   * it. One found tentative (added without {@code nodad} by someone else) is added again.
   */
  public boolean ensureAddress(String name, InetAddress address) {
    Optional<LinkAddress> present =
        held(name).stream().filter(held -> held.address().equals(address)).findFirst();
    if (present.isPresent() && !present.get().tentative()) {
      return false;
    }
    if (present.isPresent()) {
      removeAddress(name, address);
    }
    List<String> argv =
        new ArrayList<>(List.of(IP, "addr", "add", withPrefix(address), "dev", name));
    if (address instanceof Inet6Address) {
      argv.add("nodad");
    }
    CommandResult result = runner.run(argv);
    // "Address already assigned" / "File exists": someone was quicker; that is what we wanted.
    if (!result.ok()
        && !result.stderr().contains("already assigned")
        && !result.stderr().contains("File exists")) {
      throw new NodeCommandException(SetupErrors.Type.INTERFACE_ADD, result.describe(argv));
    }
    return result.ok();
  }

  /** The addresses on the link; none when it does not exist. */
  public List<InetAddress> addresses(String name) {
    return held(name).stream().map(LinkAddress::address).toList();
  }

  private List<LinkAddress> held(String name) {
    CommandResult result = runner.query(List.of(IP, "-o", "addr", "show", "dev", name));
    return result.ok() ? parse(result.stdout()) : List.of();
  }

  /** Every address on the node and the link it is on ({@code ip -o addr show}). */
  public List<LinkAddress> allAddresses() {
    List<String> argv = List.of(IP, "-o", "addr", "show");
    CommandResult result = runner.query(argv);
    if (!result.ok() && result.exitCode() != DryRunCommandRunner.NOT_PRESENT) {
      throw new NodeCommandException(SetupErrors.Type.INTERFACE_CHECK, result.describe(argv));
    }
    return parse(result.stdout());
  }

  /** Removes the address if it is there. */
  public void removeAddress(String name, InetAddress address) {
    // Not there (or no link): "Cannot assign requested address" / "Cannot find device": fine.
    runner.run(List.of(IP, "addr", "del", withPrefix(address), "dev", name));
  }

  /** Removes the link if it exists (its addresses go with it). */
  public void removeLink(String name) {
    List<String> argv = List.of(IP, "link", "del", name);
    CommandResult result = runner.run(argv);
    if (!result.ok()
        && !result.stderr().contains("Cannot find device")
        && !result.stderr().contains("does not exist")) {
      throw new NodeCommandException(SetupErrors.Type.INTERFACE_ADD, result.describe(argv));
    }
  }

  /**
   * An address and the link holding it; {@code tentative}: an IPv6 address still in (or failed)
   * duplicate address detection, which nothing can bind yet.
   */
  public record LinkAddress(String link, InetAddress address, boolean tentative) {
    public LinkAddress(String link, InetAddress address) {
      this(link, address, false);
    }
  }

  /** {@code 10.96.0.10/32}, {@code fd00::10/128}: the agent's addresses are host addresses. */
  static String withPrefix(InetAddress address) {
    return IpLiterals.text(address) + (address instanceof Inet6Address ? "/128" : "/32");
  }

  /** Parses {@code ip -o addr show}: {@code 2: nodelocaldns inet 10.96.0.10/32 scope global …}. */
  static List<LinkAddress> parse(String output) {
    List<LinkAddress> found = new ArrayList<>();
    for (String line : output.split("\n")) {
      String[] words = line.trim().split("\\s+");
      if (words.length < 4 || !(words[2].equals("inet") || words[2].equals("inet6"))) {
        continue;
      }
      String link = words[1].split("@")[0];
      String ip = words[3].split("/")[0];
      boolean tentative = List.of(words).contains("tentative");
      IpLiterals.parse(ip)
          .ifPresent(address -> found.add(new LinkAddress(link, address, tentative)));
    }
    return found;
  }
}
