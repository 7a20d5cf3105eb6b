package io.nodelocaldns.runtime.forward;

import io.nodelocaldns.runtime.corefile.Addresses;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code nameserver} lines of a resolv.conf file, as {@code forward . /etc/resolv.conf}
 * (the upstream manifest's {@code __PILLAR__UPSTREAM__SERVERS__}) needs. Everything else in the
 * file ({@code search}, {@code options}, comments after {@code #} or {@code ;}) is ignored.
 */
public final class ResolvConf {
  private static final String NAMESERVER = "nameserver";

  /** Far beyond any real resolv.conf (glibc reads 3 name servers and 6 search domains). */
  static final int MAX_SIZE = 64 * 1024;

  private ResolvConf() {}

  /**
   * The file's name servers, in order.
   *
   * @throws IllegalArgumentException naming the file if it cannot be read, has a {@code nameserver}
   *     line that is not an IP address, or has none
   */
  public static List<InetAddress> nameservers(Path file) {
    List<String> lines;
    try {
      lines = read(file).lines().toList();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read resolv.conf file " + file + " (" + describe(e) + ")", e);
    }
    List<InetAddress> servers = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String[] fields = withoutComment(lines.get(i)).trim().split("\\s+");
      if (!fields[0].equals(NAMESERVER)) {
        continue;
      }
      String where = file + ":" + (i + 1) + ": ";
      if (fields.length < 2) {
        throw new IllegalArgumentException(where + "nameserver line has no address");
      }
      String value = fields[1];
      servers.add(
          Addresses.ip(value)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          where + "nameserver must be an IP address, got \"" + value + "\"")));
    }
    if (servers.isEmpty()) {
      throw new IllegalArgumentException(
          "resolv.conf file "
              + file
              + " has no nameserver line (expected e.g. nameserver 10.0.0.2)");
    }
    return servers;
  }

  /**
   * The file's text, refusing what cannot be a resolv.conf before reading it: a device or FIFO
   * ({@code /dev/zero} never ends, a FIFO blocks) or more than {@link #MAX_SIZE} bytes.
   */
  private static String read(Path file) throws IOException {
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new IOException("not a regular file");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_SIZE + 1);
    }
    if (bytes.length > MAX_SIZE) {
      throw new IOException("larger than " + MAX_SIZE / 1024 + " KiB");
    }
    return new String(bytes, StandardCharsets.ISO_8859_1); // ASCII; never fails on bytes
  }

  private static String withoutComment(String line) {
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == '#' || line.charAt(i) == ';') {
        return line.substring(0, i);
      }
    }
    return line;
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
