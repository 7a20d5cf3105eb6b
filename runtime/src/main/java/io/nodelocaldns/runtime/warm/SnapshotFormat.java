package io.nodelocaldns.runtime.warm;

import io.nodelocaldns.runtime.cache.CachedAnswer;
import io.nodelocaldns.runtime.warm.SnapshotException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The bytes of a {@link Snapshot}, the same in a file and over the hand-over socket:
 *
 * <pre>
 * "NLDCACHE"  u16 version  i64 written-at-millis  u32 blocks
 *   per block: UTF key  u32 answers
 *     per answer: u8 flags (1 DO, 2 CD)  i64 expires-at-millis  u16 length  bytes
 * u32 CRC-32 of everything before it
 * </pre>
 *
 * Reading checks all of it before anything is used: a short read, a bad checksum, another version
 * or more than {@link #MAX_BYTES} is refused whole, never half-restored.
 */
public final class SnapshotFormat {
  static final byte[] MAGIC = "NLDCACHE".getBytes(StandardCharsets.US_ASCII);

  /** Bumped whenever the layout changes; another version is skipped, not guessed at. */
  static final int VERSION = 1;

  /**
   * The most a snapshot may weigh: the caches' byte budget holds their answers with overhead, so
   * their wire bytes alone stay well below this.
   */
  public static final int MAX_BYTES = 32 << 20;

  private static final int DO_FLAG = 1;
  private static final int CD_FLAG = 2;
  private static final int MAX_ANSWER_BYTES = 0xFFFF;

  private SnapshotFormat() {}

  static byte[] write(Snapshot snapshot) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      out.writeShort(VERSION);
      out.writeLong(snapshot.writtenAtMillis());
      out.writeInt(snapshot.answers().size());
      for (Map.Entry<String, List<CachedAnswer>> block : snapshot.answers().entrySet()) {
        out.writeUTF(block.getKey());
        List<CachedAnswer> answers =
            block.getValue().stream().filter(a -> a.wire().length <= MAX_ANSWER_BYTES).toList();
        out.writeInt(answers.size());
        for (CachedAnswer answer : answers) {
          out.writeByte(
              (answer.dnssecOk() ? DO_FLAG : 0) | (answer.checkingDisabled() ? CD_FLAG : 0));
          out.writeLong(answer.expiresAtMillis());
          out.writeShort(answer.wire().length);
          out.write(answer.wire());
        }
      }
      CRC32 crc = new CRC32();
      crc.update(bytes.toByteArray());
      out.writeInt((int) crc.getValue());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen in memory", e);
    }
    return bytes.toByteArray();
  }

  /**
   * @throws SnapshotException when the bytes are not a whole snapshot of this version
   */
  static Snapshot read(byte[] bytes) throws SnapshotException {
    if (bytes.length > MAX_BYTES) {
      throw new SnapshotException(
          Reason.OVERSIZED, bytes.length + " bytes (at most " + MAX_BYTES + " are read)");
    }
    if (bytes.length < MAGIC.length + 2 + 4
        || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new SnapshotException(
          bytes.length < MAGIC.length ? Reason.TRUNCATED : Reason.CORRUPT,
          "not a node-local-dns cache snapshot");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      in.skipNBytes(MAGIC.length);
      int version = in.readUnsignedShort();
      if (version != VERSION) {
        throw new SnapshotException(
            Reason.VERSION, "format version " + version + " (this agent reads " + VERSION + ")");
      }
      CRC32 crc = new CRC32();
      crc.update(bytes, 0, bytes.length - 4);
      int stored =
          ((bytes[bytes.length - 4] & 0xFF) << 24)
              | ((bytes[bytes.length - 3] & 0xFF) << 16)
              | ((bytes[bytes.length - 2] & 0xFF) << 8)
              | (bytes[bytes.length - 1] & 0xFF);
      if ((int) crc.getValue() != stored) {
        throw new SnapshotException(Reason.CORRUPT, "checksum mismatch (truncated or damaged)");
      }
      long writtenAt = in.readLong();
      int blocks = in.readInt();
      Map<String, List<CachedAnswer>> answers = new LinkedHashMap<>();
      for (int b = 0; b < blocks; b++) {
        String key = in.readUTF();
        int count = in.readInt();
        if (count < 0 || count > bytes.length) {
          throw new SnapshotException(Reason.CORRUPT, "answer count " + count);
        }
        List<CachedAnswer> list = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
          int flags = in.readUnsignedByte();
          long expiresAt = in.readLong();
          byte[] wire = in.readNBytes(in.readUnsignedShort());
          list.add(
              new CachedAnswer(wire, (flags & DO_FLAG) != 0, (flags & CD_FLAG) != 0, expiresAt));
        }
        answers.put(key, list);
      }
      if (in.available() != 4) {
        throw new SnapshotException(Reason.CORRUPT, "trailing or missing bytes");
      }
      return new Snapshot(writtenAt, answers);
    } catch (EOFException e) {
      throw new SnapshotException(Reason.TRUNCATED, "ends early");
    } catch (IOException e) {
      throw new SnapshotException(Reason.CORRUPT, String.valueOf(e.getMessage()));
    }
  }
}
