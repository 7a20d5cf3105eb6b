package io.nodelocaldns.e2e.vm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A cpio archive in the kernel's initramfs format ("newc", {@code 070701}), written in memory: the
 * initramfs needs a handful of entries, so no {@code cpio} binary is asked for.
 */
final class Cpio {
  static final int DIRECTORY = 0040000;
  static final int REGULAR = 0100000;
  static final int SYMLINK = 0120000;
  static final int CHAR_DEVICE = 0020000;

  /** One archive member; {@code data} is a file's content or a symlink's target. */
  record Entry(String name, int mode, byte[] data, int rdevMajor, int rdevMinor) {
    static Entry directory(String name) {
      return new Entry(name, DIRECTORY | 0755, new byte[0], 0, 0);
    }

    static Entry file(String name, int permissions, byte[] data) {
      return new Entry(name, REGULAR | permissions, data, 0, 0);
    }

    static Entry symlink(String name, String target) {
      return new Entry(name, SYMLINK | 0777, target.getBytes(StandardCharsets.UTF_8), 0, 0);
    }

    static Entry charDevice(String name, int permissions, int major, int minor) {
      return new Entry(name, CHAR_DEVICE | permissions, new byte[0], major, minor);
    }
  }

  private final List<Entry> entries = new ArrayList<>();

  Cpio add(Entry entry) {
    entries.add(entry);
    return this;
  }

  List<Entry> entries() {
    return List.copyOf(entries);
  }

  /** The archive, members in the order added, then the {@code TRAILER!!!} member. */
  byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int inode = 1;
    for (Entry entry : entries) {
      write(out, entry, inode++);
    }
    write(out, new Entry("TRAILER!!!", 0, new byte[0], 0, 0), 0);
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, Entry entry, int inode) {
    byte[] name = (entry.name() + "\0").getBytes(StandardCharsets.UTF_8);
    int nlink = (entry.mode() & DIRECTORY) == DIRECTORY && (entry.mode() & REGULAR) == 0 ? 2 : 1;
    StringBuilder header = new StringBuilder("070701");
    for (long field :
        new long[] {
          inode,
          entry.mode(),
          0, // uid: root
          0, // gid: root
          nlink,
          0, // mtime
          entry.data().length,
          0, // dev major
          0, // dev minor
          entry.rdevMajor(),
          entry.rdevMinor(),
          name.length,
          0 // check: unused by newc
        }) {
      header.append(String.format("%08x", field));
    }
    out.writeBytes(header.toString().getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(name);
    pad(out);
    out.writeBytes(entry.data());
    pad(out);
  }

  /** newc aligns each header+name and each data part to 4 bytes. */
  private static void pad(ByteArrayOutputStream out) {
    while (out.size() % 4 != 0) {
      out.write(0);
    }
  }
}
