package io.nodelocaldns.runtime.reload;

import io.nodelocaldns.runtime.corefile.Args;
import io.nodelocaldns.runtime.corefile.Directive;
import java.time.Duration;

/**
 * Reads {@code reload [INTERVAL] [JITTER]} with CoreDNS's rules: the interval is at least 2s, the
 * jitter at least 1s, and a jitter over half the interval is lowered to half the interval.
 */
public final class ReloadSetup {
  public static final Duration MIN_JITTER = Duration.ofSeconds(1);

  private ReloadSetup() {}

  public static ReloadConfig parse(Directive directive) {
    Args args = Args.of(directive).count(0, 2, "reload [INTERVAL] [JITTER]").noBlock();
    Duration interval =
        args.size() > 0
            ? args.durationAtLeast(0, "interval", ReloadConfig.MIN_INTERVAL)
            : ReloadConfig.DEFAULT_INTERVAL;
    Duration jitter =
        args.size() > 1
            ? args.durationAtLeast(1, "jitter", MIN_JITTER)
            : ReloadConfig.DEFAULT_JITTER;
    // CoreDNS lowers rather than rejects a large jitter, so "reload 10s" (default jitter 15s) loads
    Duration half = interval.dividedBy(2);
    return new ReloadConfig(interval, jitter.compareTo(half) > 0 ? half : jitter);
  }
}
