package io.nodelocaldns.runtime.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nodelocaldns.runtime.config.CorefileParser;
import io.nodelocaldns.runtime.forward.ForwardConfig;
import io.nodelocaldns.runtime.plugin.Corefile;
import io.nodelocaldns.runtime.testing.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watcher on real files, looking when the test says so ({@code checkOnce}), except one test
 * that lets its thread do the looking.
 */
class CorefileWatcherTest {
  private static final String V1 = ".:1053 {\n    reload 2s\n    forward . 10.0.0.1\n}\n";
  private static final String V2 = ".:1053 {\n    reload 2s\n    forward . 10.0.0.2\n}\n";
  private static final Optional<ReloadConfig> EVERY_50_MS =
      Optional.of(new ReloadConfig(Duration.ofMillis(50), Duration.ZERO));

  @TempDir Path dir;
  private final List<Corefile> applied = new CopyOnWriteArrayList<>();
  private final ReloadCounter events = new ReloadCounter();
  private CorefileWatcher watcher;

  @AfterEach
  void close() {
    if (watcher != null) {
      watcher.close();
    }
  }

  private CorefileWatcher watch(Path file, Map<String, String> placeholders, ReloadTarget target) {
    watcher =
        new CorefileWatcher(
            file,
            CorefileWatcher.sha512Of(file),
            (source, text) -> CorefileParser.parse(source, text, placeholders),
            target,
            events,
            CorefileWatcher::schedule,
            RandomGenerator.getDefault());
    return watcher;
  }

  private CorefileWatcher watch(Path file) {
    return watch(file, Map.of(), applied::add);
  }

  @Test
  void anUnchangedFileIsNotReloaded() throws IOException {
    Path file = write("Corefile", V1);
    assertThat(watch(file).checkOnce()).isTrue();
    assertThat(applied).isEmpty();
    assertThat(events.failures()).isZero();
  }

  @Test
  void aChangedFileIsParsedAndAppliedAndItsHashReported() throws IOException {
    Path file = write("Corefile", V1);
    CorefileWatcher w = watch(file);
    write("Corefile", V2);
    try (LogCapture log = LogCapture.of(CorefileWatcher.class)) {
      assertThat(w.checkOnce()).isTrue();
      assertThat(log.lines())
          .containsExactly(
              "INFO Reloading",
              "INFO plugin/reload: Running configuration SHA512 = "
                  + CorefileWatcher.sha512(V2.getBytes()),
              "INFO Reloading complete");
    }
    assertThat(applied).singleElement().satisfies(c -> assertThat(c.text()).isEqualTo(V2));
    assertThat(events.runningSha512()).hasValue(CorefileWatcher.sha512(V2.getBytes()));
    assertThat(w.checkOnce()).isTrue();
    assertThat(applied).as("applied once").hasSize(1);
  }

  @Test
  void placeholdersAreFilledAgainOnReload() throws IOException {
    Path file = write("Corefile", V1);
    CorefileWatcher w =
        watch(file, Map.of("__PILLAR__UPSTREAM__SERVERS__", "10.0.0.7"), applied::add);
    write("Corefile", ".:1053 {\n    reload 2s\n    forward . __PILLAR__UPSTREAM__SERVERS__\n}\n");
    w.checkOnce();
    assertThat(applied)
        .singleElement()
        .satisfies(
            c ->
                assertThat(
                        c.servers()
                            .get(0)
                            .get(ForwardConfig.class)
                            .orElseThrow()
                            .upstreams()
                            .get(0)
                            .getPort())
                    .isEqualTo(53))
        .satisfies(c -> assertThat(c.text()).contains("forward . 10.0.0.7"));
  }

  @Test
  void aBrokenCorefileKeepsTheOldOneIsLoggedWithTheParsersWordsAndCountedOnce() throws IOException {
    Path file = write("Corefile", V1);
    CorefileWatcher w = watch(file);
    write("Corefile", ".:1053 {\n    reload 2s\n    cache {\n        success -5\n    }\n}\n");
    try (LogCapture log = LogCapture.of(CorefileWatcher.class)) {
      assertThat(w.checkOnce()).as("keeps watching").isTrue();
      assertThat(log.lines())
          .contains("INFO Reloading")
          .anySatisfy(
              line ->
                  assertThat(line)
                      .startsWith(
                          "SEVERE plugin/reload: Corefile changed but reload failed: "
                              + file
                              + ":4: cache: success"));
    }
    assertThat(applied).isEmpty();
    assertThat(events.failures()).isEqualTo(1);
    w.checkOnce();
    assertThat(events.failures()).as("the same broken content is not tried again").isEqualTo(1);

    write("Corefile", V2);
    w.checkOnce();
    assertThat(applied).as("a fixed file is applied").hasSize(1);
  }

  @Test
  void aCorefileTheRuntimeCannotServeIsAFailureToo() throws IOException {
    Path file = write("Corefile", V1);
    CorefileWatcher w =
        watch(
            file,
            Map.of(),
            next -> {
              throw new IllegalStateException("listen udp 127.0.0.1:53: Address already in use");
            });
    write("Corefile", V2);
    try (LogCapture log = LogCapture.of(CorefileWatcher.class)) {
      w.checkOnce();
      assertThat(log.lines())
          .contains(
              "SEVERE plugin/reload: Corefile changed but reload failed: listen udp 127.0.0.1:53: Address already in use");
    }
    assertThat(events.failures()).isEqualTo(1);
  }

  @Test
  void aConfigMapUpdateSwappingTheDataSymlinkIsSeen() throws IOException {
    // the layout kubelet gives a mounted ConfigMap: Corefile -> ..data/Corefile, ..data ->
    // ..<timestamp>
    write("..2026_01_01_00_00_00.1/Corefile", V1);
    Files.createSymbolicLink(dir.resolve("..data"), Path.of("..2026_01_01_00_00_00.1"));
    Path corefile = Files.createSymbolicLink(dir.resolve("Corefile"), Path.of("..data/Corefile"));
    CorefileWatcher w = watch(corefile);
    assertThat(w.checkOnce()).isTrue();
    assertThat(applied).isEmpty();

    // kubelet's update: a new timestamped directory, then ..data re-pointed in one rename
    write("..2026_01_01_00_05_00.2/Corefile", V2);
    Files.createSymbolicLink(dir.resolve("..data_tmp"), Path.of("..2026_01_01_00_05_00.2"));
    Files.move(
        dir.resolve("..data_tmp"),
        dir.resolve("..data"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);

    w.checkOnce();
    assertThat(applied).singleElement().satisfies(c -> assertThat(c.text()).isEqualTo(V2));
  }

  @Test
  void anUnreadableFileIsLookedAtAgainLater() throws IOException {
    Path file = write("Corefile", V1);
    CorefileWatcher w = watch(file);
    Files.delete(file);
    assertThat(w.checkOnce()).isTrue();
    assertThat(events.failures()).isZero();
    write("Corefile", V2);
    w.checkOnce();
    assertThat(applied).hasSize(1);
  }

  @Test
  void watchingStopsWhenTheNewCorefileHasNoReload() throws IOException {
    Path file = write("Corefile", V1);
    CorefileWatcher w = watch(file);
    write("Corefile", ".:1053 {\n    forward . 10.0.0.2\n}\n");
    assertThat(w.checkOnce()).isFalse();
    assertThat(applied).hasSize(1);
  }

  @Test
  void itsThreadLooksEveryIntervalAndCloseStopsIt() throws IOException {
    Path file = write("Corefile", V1);
    watcher =
        new CorefileWatcher(
            file,
            CorefileWatcher.sha512Of(file),
            (source, text) -> CorefileParser.parse(source, text, Map.of()),
            applied::add,
            events,
            corefile -> EVERY_50_MS,
            RandomGenerator.getDefault());
    watcher.begin(EVERY_50_MS.get());
    write("Corefile", V2);
    await().atMost(Duration.ofSeconds(30)).until(() -> applied.size() == 1);
    write("Corefile", V1);
    await().atMost(Duration.ofSeconds(30)).until(() -> applied.size() == 2);
    watcher.close();
  }

  @Test
  void theSmallestIntervalOfAnyBlockIsUsed() {
    Corefile corefile =
        CorefileParser.parse(
            "Corefile",
            """
        a:1053 {
            reload 30s
        }
        b:1053 {
            reload 10s 2s
        }
        c:1053 {
        }
        """,
            Map.of());
    assertThat(CorefileWatcher.schedule(corefile))
        .hasValue(new ReloadConfig(Duration.ofSeconds(10), Duration.ofSeconds(2)));
    assertThat(
            CorefileWatcher.schedule(CorefileParser.parse("Corefile", "a:1053 {\n}\n", Map.of())))
        .isEmpty();
    assertThat(
            CorefileWatcher.start(
                dir.resolve("Corefile"),
                Optional.empty(),
                CorefileParser.parse("Corefile", "a:1053 {\n}\n", Map.of()),
                (source, text) -> CorefileParser.parse(source, text, Map.of()),
                applied::add,
                events))
        .as("nothing to watch without reload")
        .isEmpty();
  }

  @Test
  void hashesAreSha512AsCoreDnsLogsThem() {
    // FIPS 180-2's test vector for "abc"
    assertThat(CorefileWatcher.sha512("abc".getBytes()))
        .isEqualTo(
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }
}
