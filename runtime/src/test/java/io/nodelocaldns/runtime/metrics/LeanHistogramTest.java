package io.nodelocaldns.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Where a {@link LeanHistogram} counts a value, and what its snapshot adds up to. */
class LeanHistogramTest {
  private static final long[] BOUNDS = {10, 20, 40};

  @Test
  void aValueCountsInTheFirstBucketWhoseBoundIsAtLeastIt() {
    LeanHistogram histogram = new LeanHistogram(BOUNDS);
    for (long value : new long[] {0, 1, 9, 10, 11, 19, 20, 21, 39, 40}) {
      histogram.record(value);
    }
    assertThat(histogram.snapshot().counts()).containsExactly(4, 3, 3, 0);
  }

  @Test
  void aValueAboveEveryBoundCountsInTheLastBucket() {
    LeanHistogram histogram = new LeanHistogram(BOUNDS);
    histogram.record(41);
    histogram.record(Long.MAX_VALUE / 2);
    assertThat(histogram.snapshot().counts()).containsExactly(0, 0, 0, 2);
  }

  @Test
  void theCountIsEveryBucketsAndTheSumEveryValue() {
    LeanHistogram histogram = new LeanHistogram(BOUNDS);
    histogram.record(5);
    histogram.record(20);
    histogram.record(100);
    LeanHistogram.Snapshot snapshot = histogram.snapshot();
    assertThat(snapshot.count()).isEqualTo(3);
    assertThat(snapshot.sum()).isEqualTo(125);
  }

  @Test
  void nothingRecordedIsAllZero() {
    LeanHistogram.Snapshot snapshot = new LeanHistogram(BOUNDS).snapshot();
    assertThat(snapshot.counts()).containsExactly(0, 0, 0, 0);
    assertThat(snapshot.count()).isZero();
    assertThat(snapshot.sum()).isZero();
  }

  @Test
  void aNegativeValueIsNotCounted() {
    LeanHistogram histogram = new LeanHistogram(BOUNDS);
    histogram.record(-1);
    assertThat(histogram.snapshot().count()).isZero();
    assertThat(histogram.snapshot().sum()).isZero();
  }

  @Test
  void coreDnsTimeBucketsCountNanosecondsAtTheirBounds() {
    LeanHistogram histogram = new LeanHistogram(Buckets.TIME.bounds());
    histogram.record(250_000); // 0.25 ms: the first bucket
    histogram.record(250_001);
    histogram.record(8_192_000_000L); // the last bound
    histogram.record(8_192_000_001L);
    long[] counts = histogram.snapshot().counts();
    assertThat(counts).hasSize(17);
    assertThat(counts[0]).isEqualTo(1);
    assertThat(counts[1]).isEqualTo(1);
    assertThat(counts[15]).isEqualTo(1);
    assertThat(counts[16]).isEqualTo(1);
  }

  @Test
  void boundsMustAscend() {
    assertThatThrownBy(() -> new LeanHistogram(new long[] {10, 10}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LeanHistogram(new long[] {20, 10}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void threadsRecordingAtOnceLoseNothing() throws InterruptedException {
    int threads = 4;
    int perThread = 100_000;
    LeanHistogram histogram = new LeanHistogram(BOUNDS);
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread =
          Thread.ofPlatform()
              .start(
                  () -> {
                    awaitQuietly(start);
                    for (int i = 0; i < perThread; i++) {
                      histogram.record(i % 50); // 0..49: 11, 10, 20 and 9 of every 50
                    }
                  });
      running.add(thread);
    }
    start.countDown();
    for (Thread thread : running) {
      thread.join();
    }

    LeanHistogram.Snapshot snapshot = histogram.snapshot();
    long rounds = (long) threads * perThread / 50;
    assertThat(snapshot.counts())
        .containsExactly(11 * rounds, 10 * rounds, 20 * rounds, 9 * rounds);
    assertThat(snapshot.count()).isEqualTo((long) threads * perThread);
    assertThat(snapshot.sum()).isEqualTo(rounds * (49 * 50 / 2));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
