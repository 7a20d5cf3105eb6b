package io.nodelocaldns.runtime.warm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nodelocaldns.runtime.cache.CachedAnswer;
import io.nodelocaldns.runtime.warm.SnapshotException.Reason;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotFormatTest {
  static final Snapshot SNAPSHOT =
      new Snapshot(
          1_700_000_000_000L,
          Map.of(
              "cluster.local.:53",
              List.of(
                  new CachedAnswer(new byte[] {1, 2, 3}, false, false, 1_700_000_030_000L),
                  new CachedAnswer(new byte[] {4, 5}, true, true, 1_700_000_005_000L)),
              ".:53",
              List.of()));

  @Test
  void whatIsWrittenReadsBackTheSame() throws Exception {
    Snapshot read = SnapshotFormat.read(SnapshotFormat.write(SNAPSHOT));

    assertThat(read.writtenAtMillis()).isEqualTo(SNAPSHOT.writtenAtMillis());
    assertThat(read.answers()).containsOnlyKeys("cluster.local.:53", ".:53");
    List<CachedAnswer> cluster = read.answers().get("cluster.local.:53");
    assertThat(cluster).hasSize(2);
    assertThat(cluster.get(0).wire()).containsExactly(1, 2, 3);
    assertThat(cluster.get(1).dnssecOk()).isTrue();
    assertThat(cluster.get(1).checkingDisabled()).isTrue();
    assertThat(cluster.get(1).expiresAtMillis()).isEqualTo(1_700_000_005_000L);
  }

  @Test
  void everyCutShortSnapshotIsRefusedWhole() {
    byte[] bytes = SnapshotFormat.write(SNAPSHOT);
    for (int length = 0; length < bytes.length; length++) {
      byte[] cut = Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> SnapshotFormat.read(cut))
          .as("cut at %d of %d bytes", length, bytes.length)
          .isInstanceOf(SnapshotException.class)
          .satisfies(
              e ->
                  assertThat(((SnapshotException) e).reason())
                      .isIn(Reason.TRUNCATED, Reason.CORRUPT));
    }
  }

  @Test
  void anyFlippedByteIsRefused() {
    byte[] bytes = SnapshotFormat.write(SNAPSHOT);
    for (int i = 0; i < bytes.length; i++) {
      byte[] damaged = bytes.clone();
      damaged[i] ^= 0x10;
      assertThatThrownBy(() -> SnapshotFormat.read(damaged))
          .as("byte %d flipped", i)
          .isInstanceOf(SnapshotException.class);
    }
  }

  @Test
  void anotherVersionIsSkippedNotGuessedAt() {
    byte[] bytes = SnapshotFormat.write(SNAPSHOT);
    bytes[SnapshotFormat.MAGIC.length + 1] = 9;

    assertThatThrownBy(() -> SnapshotFormat.read(bytes))
        .isInstanceOfSatisfying(
            SnapshotException.class, e -> assertThat(e.reason()).isEqualTo(Reason.VERSION))
        .hasMessageContaining("format version 9");
  }

  @Test
  void anOversizedSnapshotIsNotRead() {
    assertThatThrownBy(() -> SnapshotFormat.read(new byte[SnapshotFormat.MAX_BYTES + 1]))
        .isInstanceOfSatisfying(
            SnapshotException.class, e -> assertThat(e.reason()).isEqualTo(Reason.OVERSIZED));
  }

  @Test
  void somethingElseIsNotASnapshot() {
    assertThatThrownBy(() -> SnapshotFormat.read("{\"cache\": []}\n".getBytes()))
        .isInstanceOfSatisfying(
            SnapshotException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT))
        .hasMessageContaining("not a node-local-dns cache snapshot");
  }
}
