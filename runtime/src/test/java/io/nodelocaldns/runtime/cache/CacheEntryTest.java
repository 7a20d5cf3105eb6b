package io.nodelocaldns.runtime.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.runtime.wire.CanonicalResponse;
import org.junit.jupiter.api.Test;

class CacheEntryTest {
  private static final long STORED = 1_000_000;
  private final CacheEntry entry =
      new CacheEntry(
          new CanonicalResponse(new byte[0], new int[0], 0, CanonicalResponse.Kind.SUCCESS, 30),
          CacheTier.SUCCESS,
          30,
          STORED,
          HitCounter.starting(STORED));

  @Test
  void agesByWholeSeconds() {
    assertThat(entry.secondsLeft(STORED)).isEqualTo(30);
    assertThat(entry.secondsLeft(STORED + 999)).isEqualTo(30);
    assertThat(entry.secondsLeft(STORED + 1_000)).isEqualTo(29);
    assertThat(entry.isFresh(STORED + 29_999)).isTrue();
    assertThat(entry.isFresh(STORED + 30_000)).isFalse();
  }

  @Test
  void expiredForCountsFromTheEndOfTheTtl() {
    assertThat(entry.expiredForMillis(STORED + 29_000)).isEqualTo(-1_000);
    assertThat(entry.expiredForMillis(STORED + 30_000)).isZero();
    assertThat(entry.expiredForMillis(STORED + 90_000)).isEqualTo(60_000);
  }

  @Test
  void aClockBeforeTheStoringTimeCountsAsNoTimeElapsed() {
    assertThat(entry.secondsLeft(STORED - 60_000)).isEqualTo(30);
  }
}
