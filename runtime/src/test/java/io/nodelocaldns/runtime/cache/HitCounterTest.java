package io.nodelocaldns.runtime.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class HitCounterTest {
  private static final long WINDOW = 60_000;

  @Test
  void hitsWithinTheWindowOfThePreviousOneAddUp() {
    HitCounter counter = HitCounter.starting(0);

    assertThat(counter.record(1_000, WINDOW)).isEqualTo(1);
    assertThat(counter.record(50_000, WINDOW)).isEqualTo(2);
    assertThat(counter.record(110_000, WINDOW)).isEqualTo(3); // 60 s after the previous hit
    assertThat(counter.hits()).isEqualTo(3);
  }

  @Test
  void aHitLaterThanTheWindowStartsANewRun() {
    HitCounter counter = HitCounter.starting(0);
    counter.record(1_000, WINDOW);
    counter.record(2_000, WINDOW);

    assertThat(counter.record(62_001, WINDOW)).isEqualTo(1);
  }

  @Test
  void aContinuingCounterStartsFromTheHitsItTookOver() {
    HitCounter counter = HitCounter.continuing(500_000, 7);

    assertThat(counter.hits()).isEqualTo(7);
    assertThat(counter.record(530_000, WINDOW)).isEqualTo(8);
    assertThat(HitCounter.continuing(0, 5).record(WINDOW + 1, WINDOW)).isEqualTo(1);
  }

  @Test
  void aClockSteppingBackStillCountsTheHit() {
    HitCounter counter = HitCounter.starting(10_000);
    counter.record(20_000, WINDOW);

    assertThat(counter.record(5_000, WINDOW)).isEqualTo(2);
  }

  @Test
  void theCountSaturatesInsteadOfOverflowing() {
    HitCounter counter = HitCounter.continuing(0, Integer.MAX_VALUE);

    assertThat(counter.hits()).isEqualTo(HitCounter.MAX_HITS);
    assertThat(counter.record(1, WINDOW)).isEqualTo(HitCounter.MAX_HITS);
  }

  @Test
  void concurrentHitsAreNotLost() throws InterruptedException {
    HitCounter counter = HitCounter.starting(0);
    int threads = 4;
    int hitsEach = 10_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker =
          Thread.ofPlatform()
              .start(
                  () -> {
                    awaitQuietly(start);
                    for (int i = 0; i < hitsEach; i++) {
                      counter.record(1_000, WINDOW);
                    }
                  });
      workers.add(worker);
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }

    assertThat(counter.hits()).isEqualTo(threads * hitsEach);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
