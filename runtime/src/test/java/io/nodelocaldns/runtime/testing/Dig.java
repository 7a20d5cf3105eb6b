package io.nodelocaldns.runtime.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The {@code dig} command against a server on 127.0.0.1, as a user would type it. */
public final class Dig {
  private Dig() {}

  /** {@code dig @127.0.0.1 -p PORT +short +tries=1 +time=2 ARGS…}: what it printed. */
  public static String onLoopback(int port, String... args)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "dig", "@127.0.0.1", "-p", String.valueOf(port), "+short", "+tries=1", "+time=2"));
    command.addAll(List.of(args));
    Process dig = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(dig.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    dig.waitFor(10, TimeUnit.SECONDS);
    return out;
  }

  /** The java binary running this test, to start jars with the same JDK. */
  public static String currentJava() {
    return ProcessHandle.current().info().command().orElse("java");
  }
}
