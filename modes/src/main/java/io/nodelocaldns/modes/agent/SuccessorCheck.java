package io.nodelocaldns.modes.agent;

import io.nodelocaldns.runtime.server.ListenAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whether a successor holds our addresses: a UDP socket, or a listening TCP socket, bound to one of
 * the agent's DNS addresses whose inode is not one of this process's sockets. Read from the socket
 * tables of the network namespace we run in ({@code /proc/net/udp}, {@code udp6}, {@code tcp},
 * {@code tcp6}), which with hostNetwork is the node's, the successor's too; our own sockets are the
 * {@code socket:[inode]} links under {@code /proc/self/fd}. Another agent started with SO_REUSEPORT
 * during a rolling restart is what this finds; nothing else binds a node-local DNS address and
 * port.
 */
final class SuccessorCheck {
  /** {@code st} of a listening TCP socket in {@code /proc/net/tcp}. */
  private static final String TCP_LISTEN = "0A";

  private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");
  private static final List<String> TABLES = List.of("udp", "udp6", "tcp", "tcp6");

  private final Path procNet;
  private final Path ownFds;

  SuccessorCheck(Path procNet, Path ownFds) {
    this.procNet = procNet;
    this.ownFds = ownFds;
  }

  /** The running process in its network namespace. */
  static SuccessorCheck proc() {
    return new SuccessorCheck(Path.of("/proc/net"), Path.of("/proc/self/fd"));
  }

  /**
   * The inode of a socket of another process bound to one of {@code addresses}, if there is one. A
   * table that cannot be read counts as holding nothing: without proof of a successor, the agent
   * tears down as it always did.
   */
  Optional<Long> heldByAnother(Collection<ListenAddress> addresses) {
    Set<Long> own = ownSocketInodes(ownFds);
    for (String table : TABLES) {
      Path file = procNet.resolve(table);
      String text;
      try {
        text = Files.readString(file);
      } catch (IOException e) {
        continue;
      }
      Optional<Long> found = heldByAnother(text, table.startsWith("tcp"), addresses, own);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /**
   * The first socket in one {@code /proc/net/{udp,udp6,tcp,tcp6}} table that is bound to one of
   * {@code addresses} (port 0: any port of that address), is not in {@code own}, and (for TCP)
   * listens.
   */
  static Optional<Long> heldByAnother(
      String table, boolean tcp, Collection<ListenAddress> addresses, Set<Long> own) {
    Set<String> wanted = new HashSet<>();
    addresses.forEach(address -> wanted.addAll(procAddresses(address)));
    for (String line : table.split("\n")) {
      String[] fields = line.trim().split("\\s+");
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
      if (fields.length < 10 || !fields[0].endsWith(":")) {
        continue; // the header, or a line we do not understand
      }
      String local = fields[1].toUpperCase(Locale.ROOT);
      if (!wanted.contains(local) && !wanted.contains(local.replaceFirst(":[0-9A-F]+$", ":0000"))) {
        continue;
      }
      if (tcp && !TCP_LISTEN.equalsIgnoreCase(fields[3])) {
        continue; // a connection, not a listener
      }
      long inode;
      try {
        inode = Long.parseLong(fields[9]);
      } catch (NumberFormatException e) {
        continue;
      }
      if (inode != 0 && !own.contains(inode)) {
        return Optional.of(inode);
      }
    }
    return Optional.empty();
  }

  /** The socket inodes this process holds open. */
  static Set<Long> ownSocketInodes(Path fds) {
    Set<Long> inodes = new HashSet<>();
    try (Stream<Path> links = Files.list(fds)) {
      for (Path link : (Iterable<Path>) links::iterator) {
        try {
          Matcher socket = SOCKET_LINK.matcher(Files.readSymbolicLink(link).toString());
          if (socket.matches()) {
            inodes.add(Long.parseLong(socket.group(1)));
          }
        } catch (IOException e) {
          // closed while we looked
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + fds, e);
    }
    return inodes;
  }

  /**
   * How an address may appear: an IPv4 address also as IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d} in
   * {@code udp6}), as Java and Netty bind IPv4 addresses on dual-stack sockets.
   */
  static List<String> procAddresses(ListenAddress address) {
    if (address.address().getAddress().length == 16) {
      return List.of(procAddress(address));
    }
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    System.arraycopy(address.address().getAddress(), 0, mapped, 12, 4);
    return List.of(
        procAddress(address), procAddress(mapped, address.port(), ByteOrder.nativeOrder()));
  }

  /**
   * {@code 0A14FEA9:0035} for 169.254.20.10:53 as the kernel prints it: the address as 32-bit words
   * in host byte order, the port in hex.
   */
  static String procAddress(ListenAddress address) {
    return procAddress(address.address(), address.port(), ByteOrder.nativeOrder());
  }

  static String procAddress(InetAddress address, int port, ByteOrder order) {
    return procAddress(address.getAddress(), port, order);
  }

  private static String procAddress(byte[] bytes, int port, ByteOrder order) {
    List<String> words = new ArrayList<>();
    for (int i = 0; i < bytes.length; i += 4) {
      byte[] word = {bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]};
      if (order == ByteOrder.LITTLE_ENDIAN) {
        word = new byte[] {word[3], word[2], word[1], word[0]};
      }
      words.add(HexFormat.of().withUpperCase().formatHex(word));
    }
    return String.join("", words) + ":" + String.format(Locale.ROOT, "%04X", port);
  }
}
