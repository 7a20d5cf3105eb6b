package io.nodelocaldns.installer.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.nodelocaldns.installer.UsageException;
import io.nodelocaldns.installer.kube.KubeAccess;
import java.io.PrintStream;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command's streams and environment, and the one Kubernetes client it opens (closed at the end).
 */
public final class Cli implements AutoCloseable {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");
  final PrintStream out;
  final PrintStream err;
  final Environment environment;
  private KubernetesClient client;

  Cli(PrintStream out, PrintStream err, Environment environment) {
    this.out = out;
    this.err = err;
    this.environment = environment;
  }

  /** The client, opened on first use. */
  KubernetesClient client(KubeAccess access) {
    if (client == null) {
      client = environment.clients().apply(access);
    }
    return client;
  }

  void note(String line) {
    err.println(line);
  }

  /** {@code 300}, {@code 300s}, {@code 5m}, {@code 500ms}, {@code 1h}. */
  static Duration duration(String flag, String value) {
    Matcher m = DURATION.matcher(value == null ? "" : value.strip());
    if (!m.matches()) {
      throw new UsageException(
          flag + ": \"" + value + "\" is not a duration such as 30s, 5m or 300");
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2) == null ? "s" : m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofSeconds(n);
        };
    if (d.isZero()) {
      throw new UsageException(flag + ": \"" + value + "\" must be more than zero");
    }
    return d;
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
  }
}
