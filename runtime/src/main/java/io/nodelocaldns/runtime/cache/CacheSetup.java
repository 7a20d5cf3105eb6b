package io.nodelocaldns.runtime.cache;

import io.nodelocaldns.runtime.cache.CacheConfig.Prefetch;
import io.nodelocaldns.runtime.cache.CacheConfig.RefreshMode;
import io.nodelocaldns.runtime.cache.CacheConfig.ServeStale;
import io.nodelocaldns.runtime.cache.CacheConfig.Tier;
import io.nodelocaldns.runtime.corefile.Args;
import io.nodelocaldns.runtime.corefile.Directive;
import io.nodelocaldns.runtime.corefile.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads {@code cache [TTL] [ZONES...]} and its block, with the CoreDNS cache plugin's semantics:
 *
 * <pre>
 * cache [TTL] [ZONES...] {
 *     success CAPACITY [TTL [MINTTL]]
 *     denial CAPACITY [TTL [MINTTL]]
 *     prefetch AMOUNT [DURATION [PERCENTAGE%]]
 *     serve_stale [DURATION] [immediate|verify]
 *     servfail DURATION
 *     disable success|denial [ZONES...]
 *     keepttl
 * }
 * </pre>
 *
 * TTLs are whole seconds. {@code cache TTL} caps both tiers; a tier's own TTL overrides it.
 */
public final class CacheSetup {

  static final String SUCCESS = "success";
  static final String DENIAL = "denial";
  static final String PREFETCH = "prefetch";
  static final String SERVE_STALE = "serve_stale";
  static final String SERVFAIL = "servfail";
  static final String DISABLE = "disable";
  static final String KEEPTTL = "keepttl";
  static final List<String> OPTIONS =
      List.of(SUCCESS, DENIAL, PREFETCH, SERVE_STALE, SERVFAIL, DISABLE, KEEPTTL);

  private CacheSetup() {}

  /**
   * Reads a {@code cache} directive.
   *
   * @param blockZones the server block's normalised zones, the default for the cache's zones
   */
  public static CacheConfig parse(Directive directive, List<String> blockZones) {
    return new Builder(Args.of(directive), blockZones).build();
  }

  /** The settings as they are read, line by line; becomes the immutable {@link CacheConfig}. */
  private static final class Builder {
    private final Args args;
    private final List<String> zones;
    private final TierBuilder success;
    private final TierBuilder denial;
    private Optional<Prefetch> prefetch = Optional.empty();
    private Optional<ServeStale> serveStale = Optional.empty();
    private Duration servfailTtl = CacheConfig.DEFAULT_SERVFAIL_TTL;
    private boolean keepTtl;

    Builder(Args args, List<String> blockZones) {
      this.args = args;
      Optional<Duration> ttl = Optional.empty();
      int firstZone = 0;
      if (args.size() > 0 && looksLikeTtl(args.get(0))) {
        ttl = Optional.of(args.seconds(0, "TTL", 1));
        firstZone = 1;
      }
      List<String> written = args.zones(firstZone);
      this.zones = written.isEmpty() ? blockZones : written;
      this.success = new TierBuilder(SUCCESS, ttl.orElse(CacheConfig.DEFAULT_SUCCESS_MAX_TTL));
      this.denial = new TierBuilder(DENIAL, ttl.orElse(CacheConfig.DEFAULT_DENIAL_MAX_TTL));
    }

    CacheConfig build() {
      for (Directive line : args.block()) {
        Args option = args.option(line);
        switch (line.name()) {
          case SUCCESS -> success.read(option.noBlock());
          case DENIAL -> denial.read(option.noBlock());
          case PREFETCH -> prefetch = Optional.of(prefetch(option.noBlock()));
          case SERVE_STALE -> serveStale = Optional.of(serveStale(option.noBlock()));
          case SERVFAIL -> servfailTtl = servfail(option.noBlock());
          case DISABLE -> disable(option.noBlock());
          case KEEPTTL -> {
            option.none().noBlock();
            keepTtl = true;
          }
          default -> throw args.unknownOption(line, OPTIONS);
        }
      }
      return new CacheConfig(
          zones, success.build(), denial.build(), prefetch, serveStale, servfailTtl, keepTtl);
    }

    private static Prefetch prefetch(Args option) {
      option.count(1, 3, "prefetch AMOUNT [DURATION [PERCENTAGE%]]");
      int amount = option.positiveInt(0, "amount");
      Duration window =
          option.size() > 1
              ? option.positiveDuration(1, "duration")
              : CacheConfig.DEFAULT_PREFETCH_WINDOW;
      int percentage =
          option.size() > 2 ? percentage(option, 2) : CacheConfig.DEFAULT_PREFETCH_PERCENTAGE;
      return new Prefetch(amount, window, percentage);
    }

    private static int percentage(Args option, int index) {
      String text = option.get(index);
      if (text.endsWith("%")) {
        try {
          int value = Integer.parseInt(text.substring(0, text.length() - 1));
          if (value >= 0 && value <= 100) {
            return value;
          }
        } catch (NumberFormatException e) {
          // reported below
        }
      }
      throw option.error(
          "percentage must be an integer from 0 to 100 followed by %, such as 10%, got \""
              + text
              + "\"");
    }

    private static ServeStale serveStale(Args option) {
      option.count(0, 2, "serve_stale [DURATION] [immediate|verify]");
      Duration staleFor =
          option.size() > 0
              ? option.durationAtLeast(0, "duration", Duration.ZERO)
              : CacheConfig.DEFAULT_STALE_DURATION;
      RefreshMode mode =
          option.size() > 1
              ? RefreshMode.valueOf(
                  option
                      .oneOf(1, "refresh mode", List.of("immediate", "verify"))
                      .toUpperCase(Locale.ROOT))
              : RefreshMode.IMMEDIATE;
      return new ServeStale(staleFor, mode);
    }

    private static Duration servfail(Args option) {
      option.count(1, 1, "servfail DURATION");
      return option.durationBetween(0, "duration", Duration.ZERO, CacheConfig.MAX_SERVFAIL_TTL);
    }

    private void disable(Args option) {
      option.count(1, Integer.MAX_VALUE, "disable success|denial [ZONES...]");
      String tier = option.oneOf(0, "tier", List.of(SUCCESS, DENIAL));
      List<String> written = option.zones(1);
      (tier.equals(SUCCESS) ? success : denial).disable(written.isEmpty() ? zones : written);
    }

    /**
     * Whether the first argument is the TTL rather than a zone. CoreDNS takes an integer as the
     * TTL; a Go duration such as {@code 30s} would silently become a zone there, so it is taken as
     * a TTL here and then rejected with a clear message.
     */
    private static boolean looksLikeTtl(String arg) {
      if (arg.matches("[-+]?\\d+")) {
        return true;
      }
      try {
        Durations.parse(arg);
        return true;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
  }

  /** One tier's settings as they are read. */
  private static final class TierBuilder {
    private final String name;
    private int capacity = CacheConfig.DEFAULT_CAPACITY;
    private Duration maxTtl;
    private Optional<Duration> minTtl = Optional.empty();
    private final List<String> disabledZones = new ArrayList<>();

    TierBuilder(String name, Duration maxTtl) {
      this.name = name;
      this.maxTtl = maxTtl;
    }

    /** {@code success|denial CAPACITY [TTL [MINTTL]]}. */
    void read(Args option) {
      option.count(1, 3, name + " CAPACITY [TTL [MINTTL]]");
      // 0 stores nothing in the tier (lablabs' values write "denial 0 1"); "disable" says it better
      capacity = option.nonNegativeInt(0, "capacity");
      if (option.size() > 1) {
        maxTtl = option.seconds(1, "TTL", 1);
      }
      if (option.size() > 2) {
        Duration min = option.seconds(2, "MINTTL", 0);
        if (min.compareTo(maxTtl) > 0) {
          throw option.error(
              "MINTTL must be at most TTL ("
                  + maxTtl.getSeconds()
                  + "), got \""
                  + option.get(2)
                  + "\"");
        }
        minTtl = Optional.of(min);
      }
    }

    void disable(List<String> zones) {
      for (String zone : zones) {
        if (!disabledZones.contains(zone)) {
          disabledZones.add(zone);
        }
      }
    }

    Tier build() {
      // CoreDNS applies the minimum first and the maximum last, so a maximum under the default
      // minimum (e.g. "cache 3") wins; keeping minTtl <= maxTtl in the record says the same
      Duration min =
          minTtl.orElse(
              CacheConfig.DEFAULT_MIN_TTL.compareTo(maxTtl) > 0
                  ? maxTtl
                  : CacheConfig.DEFAULT_MIN_TTL);
      return new Tier(capacity, maxTtl, min, disabledZones);
    }
  }
}
