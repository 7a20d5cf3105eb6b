package io.nodelocaldns.runtime.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nodelocaldns.runtime.testing.DnsClient;
import io.nodelocaldns.runtime.testing.FreePorts;
import io.nodelocaldns.runtime.testing.UnboundServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The soak: the packaged jar, started as the README starts it ({@code java @jvm.options -jar}, plus
 * a GC log), in front of a real unbound, under a steady dnsperf load for {@code soak.duration}
 * seconds at {@code soak.rate} queries per second — half cache hits (100 names), half misses (10000
 * names whose 5 s TTL has always run out by the time they come round again). Prints queries sent,
 * failed and lost, RSS and GC pauses at the start and the end, and fails unless every query got
 * NOERROR. Not a unit test (the name keeps it out of {@code test}): {@code -Psoak} runs it.
 */
class RuntimeSoak {
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path ROOT = MODULE.getParent();
  private static final Path JAR = MODULE.resolve("target/node-local-dns-runtime.jar");
  private static final int HOT = 100;
  private static final int COLD = 10_000;
  private static final Pattern PAUSE = Pattern.compile("Pause.* (\\d+\\.\\d+)ms");

  @TempDir Path dir;

  @Test
  void steadyLoad() throws Exception {
    int seconds = Integer.getInteger("soak.duration", 180);
    int rate = Integer.getInteger("soak.rate", 2000);
    Assumptions.assumeTrue(Files.isRegularFile(JAR), "package the jar first: " + JAR);
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/dnsperf")), "dnsperf missing");

    List<String> records = new ArrayList<>();
    List<String> queries = new ArrayList<>();
    for (int i = 0; i < HOT; i++) {
      records.add("hot" + i + ".soak.test. 3600 IN A 10.1.0." + (i % 250));
    }
    for (int i = 0; i < COLD; i++) {
      records.add("cold" + i + ".soak.test. 5 IN A 10.2." + (i / 250) + "." + (i % 250));
      queries.add("hot" + (i % HOT) + ".soak.test A");
      queries.add("cold" + i + ".soak.test A");
    }
    Path queryFile = Files.write(dir.resolve("queries.txt"), queries);
    Path gcLog = dir.resolve("gc.log");
    int port = FreePorts.udpAndTcp();
    try (UnboundServer upstream = UnboundServer.builder().localData(records).start()) {
      Path corefile =
          Files.writeString(
              dir.resolve("Corefile"),
              """
              .:%d {
                  bind 127.0.0.1
                  errors
                  cache 30
                  forward . 127.0.0.1:%d
              }
              """
                  .formatted(port, upstream.port()));
      Process runtime =
          new ProcessBuilder(
                  "java",
                  "@jvm.options",
                  "-Xlog:gc:file=" + gcLog,
                  "-jar",
                  JAR.toString(),
                  "-conf",
                  corefile.toString())
              .directory(ROOT.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("runtime.log").toFile())
              .start();
      try {
        DnsClient client = DnsClient.udp(FreePorts.loopback(port));
        await()
            .atMost(Duration.ofSeconds(60))
            .ignoreExceptions()
            .until(() -> client.query("hot0.soak.test.", Type.A).getRcode() == Rcode.NOERROR);
        Memory start = Memory.of(runtime.pid());
        Pauses startPauses = Pauses.of(gcLog);
        List<String> samples = new ArrayList<>();
        Thread sampler = sampleEvery(Duration.ofSeconds(30), runtime.pid(), samples);

        Process dnsperf =
            new ProcessBuilder(
                    "dnsperf",
                    "-s",
                    "127.0.0.1",
                    "-p",
                    String.valueOf(port),
                    "-d",
                    queryFile.toString(),
                    "-Q",
                    String.valueOf(rate),
                    "-l",
                    String.valueOf(seconds),
                    "-c",
                    "4",
                    "-S",
                    "30")
                .redirectErrorStream(true)
                .start();
        String report = new String(dnsperf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(dnsperf.waitFor(seconds + 60L, TimeUnit.SECONDS)).isTrue();

        sampler.interrupt();
        sampler.join();
        Memory end = Memory.of(runtime.pid());
        Pauses endPauses = Pauses.of(gcLog);
        long sent = number(report, "Queries sent:\\s+(\\d+)");
        long completed = number(report, "Queries completed:\\s+(\\d+)");
        long lost = number(report, "Queries lost:\\s+(\\d+)");
        long noerror = number(report, "NOERROR (\\d+)");
        long failed = completed - noerror;
        System.out.println(report);
        System.out.printf(
            "soak: %d s at %d qps (half hits, half misses) against unbound: sent %d, completed %d,"
                + " failed (not NOERROR) %d, lost %d; upstream asked %d times%n",
            seconds, rate, sent, completed, failed, lost, upstream.queries());
        System.out.printf("soak: RSS start %s; end %s%n", start, end);
        System.out.printf("soak: VmRSS every 30 s (MiB): %s%n", String.join(" ", samples));
        System.out.printf("soak: GC pauses start %s; end %s%n", startPauses, endPauses);

        assertThat(runtime.isAlive()).isTrue();
        assertThat(sent).isPositive();
        assertThat(failed).as("failed queries").isZero();
        assertThat(lost).as("lost queries").isZero();
      } finally {
        runtime.destroy(); // SIGTERM, by pid
        if (!runtime.waitFor(30, TimeUnit.SECONDS)) {
          runtime.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
  }

  /** Notes VmRSS every {@code period} until interrupted: a leak climbs, warm-up levels off. */
  private static Thread sampleEvery(Duration period, long pid, List<String> samples) {
    return Thread.ofPlatform()
        .daemon()
        .name("rss-sampler")
        .start(
            () -> {
              try {
                while (true) {
                  Thread.sleep(period.toMillis());
                  samples.add("%.1f".formatted(Memory.of(pid).rssKib() / 1024.0));
                }
              } catch (InterruptedException | IOException e) {
                // interrupted: the load is over
              }
            });
  }

  private static long number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  /** VmRSS and VmHWM (peak RSS) of a process, in MiB. */
  private record Memory(long rssKib, long peakKib) {
    static Memory of(long pid) throws IOException {
      String status = Files.readString(Path.of("/proc/" + pid + "/status"));
      return new Memory(
          number(status, "VmRSS:\\s+(\\d+) kB"), number(status, "VmHWM:\\s+(\\d+) kB"));
    }

    @Override
    public String toString() {
      return "VmRSS %.1f MiB, VmHWM %.1f MiB".formatted(rssKib / 1024.0, peakKib / 1024.0);
    }
  }

  /** The GC pauses logged so far: how many, their sum and the longest, in milliseconds. */
  private record Pauses(int count, double totalMs, double maxMs) {
    static Pauses of(Path gcLog) throws IOException {
      int count = 0;
      double total = 0;
      double max = 0;
      for (String line : Files.readAllLines(gcLog)) {
        Matcher m = PAUSE.matcher(line);
        if (m.find()) {
          double ms = Double.parseDouble(m.group(1));
          count++;
          total += ms;
          max = Math.max(max, ms);
        }
      }
      return new Pauses(count, total, max);
    }

    @Override
    public String toString() {
      return "%d pauses, %.1f ms in all, longest %.2f ms".formatted(count, totalMs, maxMs);
    }
  }
}
