package io.nodelocaldns.runtime.warm;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.nodelocaldns.runtime.cache.BlockCaches;
import io.nodelocaldns.runtime.cache.CacheMemory;
import io.nodelocaldns.runtime.warm.SnapshotException.Reason;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Carries a runtime's cache across restarts through its state directory: at start it fills the
 * caches from a running predecessor ({@link Handover}) or else from the last snapshot ({@link
 * SnapshotFile}); while it runs it answers its own successor and rewrites the snapshot every {@link
 * #SNAPSHOT_INTERVAL} when the caches changed; at close it writes a last one. Nothing here fails
 * the runtime: a state directory that cannot be used is logged and counted, and the cache starts
 * cold.
 */
public final class WarmRestart implements AutoCloseable {
  /**
   * How often a changed cache is written down: an answer cached this long before a SIGKILL survives
   * it (the contract is five seconds).
   */
  public static final Duration SNAPSHOT_INTERVAL = Duration.ofSeconds(2);

  private static final Logger LOG = Logger.getLogger(WarmRestart.class.getName());

  /** Where restored answers came from (the {@code source} label). */
  enum Source {
    HANDOVER("handover"),
    SNAPSHOT("snapshot");

    final String label;

    Source(String label) {
      this.label = label;
    }
  }

  private final BlockCaches caches;
  private final CacheMemory memory;
  private final Clock wall;
  private final SnapshotFile file;
  private final Metrics metrics;
  private final ScheduledExecutorService writer;
  private Handover handover;
  private long writtenAtChange = -1;
  private boolean failing;
  private boolean closed;

  private WarmRestart(
      BlockCaches caches, CacheMemory memory, Clock wall, Path directory, Metrics metrics) {
    this.caches = caches;
    this.memory = memory;
    this.wall = wall;
    this.file = new SnapshotFile(directory);
    this.metrics = metrics;
    this.writer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> Thread.ofPlatform().daemon().name("cache-snapshot").unstarted(runnable));
  }

  /**
   * Restores what a predecessor left in {@code directory}, then starts answering successors and
   * writing snapshots there.
   *
   * @param registry where its metrics go, if the runtime has metrics
   */
  public static WarmRestart start(
      Path directory,
      BlockCaches caches,
      CacheMemory memory,
      Clock wall,
      Optional<MeterRegistry> registry) {
    WarmRestart warm = new WarmRestart(caches, memory, wall, directory, new Metrics(registry));
    warm.restore(directory);
    try {
      warm.file.ensureDirectory();
      warm.handover = Handover.serve(directory, warm::snapshotBytes);
    } catch (IOException | RuntimeException e) {
      LOG.warning(
          "warm restart: cannot answer a successor from "
              + directory
              + " ("
              + e
              + "); a rolling restart will start it from the snapshot instead");
    }
    warm.writer.scheduleWithFixedDelay(
        warm::writeIfChanged,
        SNAPSHOT_INTERVAL.toMillis(),
        SNAPSHOT_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
    return warm;
  }

  /** What a start through {@code directory} does, in a sentence (the agent's --dry-run). */
  public static String describe(Path directory) {
    return "the cache from a running agent's "
        + directory.resolve(Handover.SOCKET)
        + ", else from "
        + directory.resolve(SnapshotFile.NAME);
  }

  private void restore(Path directory) {
    Optional<byte[]> live = Handover.ask(directory);
    if (live.isPresent()) {
      restore(live.get(), Source.HANDOVER, "the running agent");
      return;
    }
    try {
      Optional<byte[]> saved = file.read();
      if (saved.isEmpty()) {
        LOG.info("warm restart: no snapshot in " + directory + ": the cache starts empty");
        return;
      }
      restore(saved.get(), Source.SNAPSHOT, file.path().toString());
    } catch (SnapshotException e) {
      rejected(e, file.path().toString());
    }
  }

  private void restore(byte[] bytes, Source source, String from) {
    Snapshot snapshot;
    try {
      snapshot = SnapshotFormat.read(bytes);
    } catch (SnapshotException e) {
      rejected(e, from);
      return;
    }
    long now = wall.millis();
    int restored = snapshot.restoreInto(caches, now);
    metrics.restored(source, restored);
    LOG.info(
        () ->
            "warm restart: "
                + restored
                + " of "
                + snapshot.size()
                + " answers restored from "
                + from
                + " ("
                + source.label
                + ", taken "
                + Duration.ofMillis(Math.max(0, now - snapshot.writtenAtMillis())).toSeconds()
                + " s ago)"
                + (restored < snapshot.size()
                    ? "; the others had expired, or their block is configured differently now"
                    : ""));
  }

  private void rejected(SnapshotException e, String from) {
    metrics.rejected(e.reason());
    LOG.warning(
        "warm restart: skipped "
            + from
            + " ("
            + e.reason().label()
            + ": "
            + e.getMessage()
            + "); the cache starts empty");
  }

  private byte[] snapshotBytes() {
    return SnapshotFormat.write(Snapshot.of(caches, wall.millis()));
  }

  private synchronized void writeIfChanged() {
    long change = memory.changes();
    if (closed || change == writtenAtChange) {
      return;
    }
    write(change);
  }

  private void write(long change) {
    try {
      file.write(snapshotBytes());
      writtenAtChange = change;
      metrics.written();
      if (failing) {
        failing = false;
        LOG.info("warm restart: the snapshot " + file.path() + " is written again");
      }
    } catch (IOException | RuntimeException e) {
      metrics.writeFailed();
      if (!failing) { // once until it works again: it is retried every interval
        failing = true;
        LOG.warning(
            "warm restart: cannot write the snapshot "
                + file.path()
                + " ("
                + e
                + "); a crash will start the next agent cold until it can");
      }
    }
  }

  /** Stops answering successors and writes the last snapshot. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    writer.shutdownNow();
    if (handover != null) {
      handover.close();
    }
    long change = memory.changes();
    if (change != writtenAtChange) {
      write(change);
    }
    closed = true;
  }

  /** {@code nodelocaldns_warm_*_total}: what was restored, written and refused. */
  private static final class Metrics {
    private final Map<Source, Counter> restored = new EnumMap<>(Source.class);
    private final Map<Reason, Counter> rejected = new EnumMap<>(Reason.class);
    private final Counter writes;
    private final Counter writeFailures;

    /** Without the runtime's registry the counters count nowhere (an empty composite). */
    Metrics(Optional<MeterRegistry> registry) {
      MeterRegistry r = registry.orElseGet(CompositeMeterRegistry::new);
      for (Source source : Source.values()) {
        restored.put(
            source,
            Counter.builder("nodelocaldns.warm.restored.entries")
                .description("Cached answers a warm restart put back, by where they came from.")
                .tag("source", source.label)
                .register(r));
      }
      for (Reason reason : Reason.values()) {
        rejected.put(
            reason,
            Counter.builder("nodelocaldns.warm.snapshots.rejected")
                .description("Snapshots or hand-overs not used, by why.")
                .tag("reason", reason.label())
                .register(r));
      }
      writes =
          Counter.builder("nodelocaldns.warm.snapshot.writes")
              .description("Cache snapshots written to the state directory.")
              .register(r);
      writeFailures =
          Counter.builder("nodelocaldns.warm.snapshot.write.failures")
              .description("Cache snapshots that could not be written.")
              .register(r);
    }

    void restored(Source source, int count) {
      restored.get(source).increment(count);
    }

    void rejected(Reason reason) {
      rejected.get(reason).increment();
    }

    void written() {
      writes.increment();
    }

    void writeFailed() {
      writeFailures.increment();
    }
  }
}
