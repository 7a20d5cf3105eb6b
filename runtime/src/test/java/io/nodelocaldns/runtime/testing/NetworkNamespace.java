package io.nodelocaldns.runtime.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A network namespace a test creates (loopback up) and deletes when closed. Creating one needs
 * root, {@code ip netns} and {@code dig}; without them the test is skipped with a message saying
 * so.
 */
public final class NetworkNamespace implements AutoCloseable {
  private final String name;

  private NetworkNamespace(String name) {
    this.name = name;
  }

  /** A new namespace named {@code prefix} and a random suffix, or the test skipped. */
  public static NetworkNamespace create(String prefix) {
    assumeTrue(
        run("id", "-u").strip().equals("0") && Files.isExecutable(Path.of("/usr/bin/dig")),
        "needs root, ip netns and dig (dnsutils): not available here");
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    assumeTrue(exitCode("ip", "netns", "add", name) == 0, "needs ip netns: ip netns add failed");
    NetworkNamespace namespace = new NetworkNamespace(name);
    namespace.in("ip", "link", "set", "lo", "up");
    return namespace;
  }

  public String name() {
    return name;
  }

  /** Runs {@code command} in the namespace; its output, stdout and stderr together. */
  public String in(String... command) {
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", name));
    argv.addAll(List.of(command));
    return run(argv.toArray(String[]::new));
  }

  @Override
  public void close() {
    exitCode("ip", "netns", "del", name);
  }

  private static String run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor();
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
    }
  }

  private static int exitCode(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor();
    } catch (IOException e) {
      return -1; // no such command: the caller's assumption says what is missing
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
    }
  }
}
