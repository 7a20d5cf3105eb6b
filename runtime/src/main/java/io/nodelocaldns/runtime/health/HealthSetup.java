package io.nodelocaldns.runtime.health;

import io.nodelocaldns.runtime.corefile.Args;
import io.nodelocaldns.runtime.corefile.Directive;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Reads {@code health [ADDRESS] [{ lameduck DURATION }]}; without an address, every interface on
 * port 8080; without {@code lameduck}, no delay at shutdown.
 */
public final class HealthSetup {
  public static final Duration DEFAULT_LAMEDUCK = Duration.ZERO;

  private static final String LAMEDUCK = "lameduck";

  private HealthSetup() {}

  public static HealthConfig parse(Directive directive) {
    Args args = Args.of(directive).atMostOneAddress("health [ADDRESS]");
    InetSocketAddress address =
        args.size() == 0 ? new InetSocketAddress(HealthConfig.DEFAULT_PORT) : args.listenAddress(0);
    Duration lameduck = DEFAULT_LAMEDUCK;
    for (Directive line : args.block()) {
      if (!line.name().equals(LAMEDUCK)) {
        throw args.unknownOption(line, List.of(LAMEDUCK));
      }
      Args option = args.option(line).count(1, 1, "lameduck DURATION").noBlock();
      lameduck = option.durationAtLeast(0, "duration", Duration.ZERO);
    }
    return new HealthConfig(address, lameduck);
  }
}
