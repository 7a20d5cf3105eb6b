package io.nodelocaldns.runtime.reload;

import io.nodelocaldns.runtime.plugin.Corefile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * The {@code reload} directive: reads the Corefile every interval (± jitter) and, when its SHA-512
 * changed, parses it with the same placeholders and hands it to the runtime, as CoreDNS does.
 *
 * <ul>
 *   <li>The file is read through its path each time, so a Kubernetes ConfigMap update (which swaps
 *       the {@code ..data} symlink the {@code Corefile} link points through) is seen like an edit;
 *       comparing content, not modification times, is what makes that work.
 *   <li>A Corefile that cannot be parsed or served is logged ({@code [ERROR] plugin/reload:
 *       Corefile changed but reload failed: FILE:LINE: ...}) and counted ({@link
 *       ReloadEvents#failed()}); the running configuration stays, and the same broken content is
 *       not tried again.
 *   <li>The interval is the smallest of the blocks' {@code reload}; after each reload it is taken
 *       from the new Corefile, and watching stops when the new Corefile has no {@code reload}.
 * </ul>
 *
 * <p>One daemon thread; {@link #close()} never waits for it, so a reload cannot hold up SIGTERM.
 */
public final class CorefileWatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(CorefileWatcher.class.getName());
  private static final String DIGEST = "SHA-512";

  private final Path file;
  private final BiFunction<String, String, Corefile> parser;
  private final ReloadTarget target;
  private final ReloadEvents events;
  private final Function<Corefile, Optional<ReloadConfig>> schedule;
  private final RandomGenerator random;
  private final ScheduledExecutorService executor;

  /** Touched only by the watcher thread from start on. */
  private String lastSha512;

  /** The schedule of the Corefile running. Touched only by the watcher thread from start on. */
  private ReloadConfig current;

  CorefileWatcher(
      Path file,
      Optional<String> runningSha512,
      BiFunction<String, String, Corefile> parser,
      ReloadTarget target,
      ReloadEvents events,
      Function<Corefile, Optional<ReloadConfig>> schedule,
      RandomGenerator random) {
    this.file = Objects.requireNonNull(file, "file");
    this.lastSha512 = runningSha512.orElse(null);
    this.parser = Objects.requireNonNull(parser, "parser");
    this.target = Objects.requireNonNull(target, "target");
    this.events = Objects.requireNonNull(events, "events");
    this.schedule = schedule;
    this.random = random;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "corefile-watcher");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Watches {@code file} if any block of {@code running} has {@code reload}.
   *
   * @param runningSha512 the SHA-512 of the bytes {@code running} was parsed from ({@link
   *     #sha512Of(Path)} read before parsing); empty makes the first look reload whatever is there
   * @param parser reads a changed file's text as the runtime did the running one's (its source name
   *     and text in; the same placeholders and directives)
   * @return the watcher, already scheduled; empty when no block asks for reload
   */
  public static Optional<CorefileWatcher> start(
      Path file,
      Optional<String> runningSha512,
      Corefile running,
      BiFunction<String, String, Corefile> parser,
      ReloadTarget target,
      ReloadEvents events) {
    Optional<ReloadConfig> first = schedule(running);
    if (first.isEmpty()) {
      return Optional.empty();
    }
    CorefileWatcher watcher =
        new CorefileWatcher(
            file,
            runningSha512,
            parser,
            target,
            events,
            CorefileWatcher::schedule,
            RandomGenerator.getDefault());
    runningSha512.ifPresent(
        hash -> {
          events.running(hash);
          LOG.info(() -> "plugin/reload: Running configuration SHA512 = " + hash);
        });
    watcher.begin(first.get());
    return Optional.of(watcher);
  }

  /** The {@code reload} of the block that checks most often; empty if no block has one. */
  public static Optional<ReloadConfig> schedule(Corefile corefile) {
    return corefile.servers().stream()
        .map(server -> server.get(ReloadConfig.class))
        .flatMap(Optional::stream)
        .min(Comparator.comparing(ReloadConfig::interval));
  }

  /** The SHA-512 of {@code file}'s bytes, in lower-case hex; empty if it cannot be read. */
  public static Optional<String> sha512Of(Path file) {
    try {
      return Optional.of(sha512(Files.readAllBytes(file)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static String sha512(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(DIGEST).digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has " + DIGEST, e);
    }
  }

  /** Stops watching; a check in progress finishes on its own, nobody waits for it. */
  @Override
  public void close() {
    executor.shutdownNow();
  }

  /** Starts watching on {@code reload}'s schedule. */
  void begin(ReloadConfig reload) {
    current = reload;
    scheduleNext();
  }

  private void scheduleNext() {
    long delay = delayMillis(current);
    try {
      executor.schedule(this::check, delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed: nothing more to watch
    }
  }

  /** The interval moved by a random amount within ± jitter, so nodes do not all reload at once. */
  private long delayMillis(ReloadConfig reload) {
    long interval = reload.interval().toMillis();
    long jitter = reload.jitter().toMillis();
    long shift = jitter > 0 ? random.nextLong(-jitter, jitter + 1) : 0;
    return Math.max(1, interval + shift);
  }

  /** One look at the file, then the next is scheduled, unless the new Corefile dropped reload. */
  private void check() {
    boolean goOn;
    try {
      goOn = checkOnce();
    } catch (RuntimeException e) {
      // never let one bad look end the watching
      LOG.severe(() -> "plugin/reload: " + e);
      goOn = true;
    }
    if (goOn) {
      scheduleNext();
    } else {
      LOG.info(
          () -> "plugin/reload: the Corefile no longer asks for reload; stopped watching " + file);
    }
  }

  /** Reloads if the content changed; false when the Corefile now running has no {@code reload}. */
  boolean checkOnce() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      // e.g. a file being replaced by hand: look again next time, as CoreDNS does
      LOG.warning(() -> "plugin/reload: cannot read " + file + ": " + e);
      return true;
    }
    String sha512 = sha512(bytes);
    if (sha512.equals(lastSha512)) {
      return true;
    }
    lastSha512 = sha512; // a broken file is reported once, not at every look
    LOG.info("Reloading");
    Corefile next;
    try {
      next = parser.apply(file.toString(), utf8(bytes));
      target.reload(next);
    } catch (RuntimeException e) {
      LOG.severe(() -> "plugin/reload: Corefile changed but reload failed: " + e.getMessage());
      events.failed();
      return true;
    }
    events.running(sha512);
    LOG.info(() -> "plugin/reload: Running configuration SHA512 = " + sha512);
    LOG.info("Reloading complete");
    Optional<ReloadConfig> nextSchedule = schedule.apply(next);
    nextSchedule.ifPresent(reload -> current = reload);
    return nextSchedule.isPresent();
  }

  private String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(file + ":0: cannot read the Corefile: not UTF-8 text", e);
    }
  }
}
