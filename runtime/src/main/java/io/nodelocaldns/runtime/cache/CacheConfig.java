package io.nodelocaldns.runtime.cache;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code cache [TTL] [ZONES...] { success ...; denial ...; prefetch ...; serve_stale ...; servfail
 * ...; disable ...; keepttl }}, with CoreDNS's semantics and defaults.
 *
 * @param zones normalised zones whose answers are cached (default: the server block's zones)
 * @param success the tier for positive answers (NOERROR with data, referrals)
 * @param denial the tier for NXDOMAIN and NODATA (and SERVFAIL, for {@code servfailTtl})
 * @param prefetch refresh popular entries shortly before they expire
 * @param serveStale answer from expired entries when the upstream cannot
 * @param servfailTtl how long a SERVFAIL is cached; zero disables
 * @param keepTtl serve the records' original TTLs instead of aging them
 */
public record CacheConfig(
    List<String> zones,
    Tier success,
    Tier denial,
    Optional<Prefetch> prefetch,
    Optional<ServeStale> serveStale,
    Duration servfailTtl,
    boolean keepTtl) {

  public static final int DEFAULT_CAPACITY = 9984;
  public static final Duration DEFAULT_SUCCESS_MAX_TTL = Duration.ofSeconds(3600);
  public static final Duration DEFAULT_DENIAL_MAX_TTL = Duration.ofSeconds(1800);
  public static final Duration DEFAULT_MIN_TTL = Duration.ofSeconds(5);
  public static final Duration DEFAULT_SERVFAIL_TTL = Duration.ofSeconds(5);
  public static final Duration MAX_SERVFAIL_TTL = Duration.ofMinutes(5);

  /** CoreDNS's fail-safe TTL for a denial that carries no SOA. */
  public static final Duration DENIAL_WITHOUT_SOA_TTL = Duration.ofSeconds(5);

  public static final int DEFAULT_PREFETCH_PERCENTAGE = 10;
  public static final Duration DEFAULT_PREFETCH_WINDOW = Duration.ofMinutes(1);
  public static final Duration DEFAULT_STALE_DURATION = Duration.ofHours(1);

  public CacheConfig {
    zones = List.copyOf(zones);
  }

  /**
   * One tier of the cache.
   *
   * @param capacity the most entries it holds
   * @param maxTtl the longest an entry is kept (caps the record TTLs)
   * @param minTtl the shortest an entry is kept (raises lower record TTLs)
   * @param disabledZones zones for which this tier stores nothing ({@code disable})
   */
  public record Tier(int capacity, Duration maxTtl, Duration minTtl, List<String> disabledZones) {
    public Tier {
      disabledZones = List.copyOf(disabledZones);
    }
  }

  /**
   * {@code prefetch AMOUNT [DURATION] [PERCENTAGE%]}: an entry asked {@code amount} times within
   * {@code window} is refreshed once its remaining TTL falls to {@code percentage} of the original.
   */
  public record Prefetch(int amount, Duration window, int percentage) {}

  /** {@code serve_stale [DURATION] [immediate|verify]}. */
  public record ServeStale(Duration staleFor, RefreshMode refreshMode) {}

  /**
   * When a stale entry is served: {@code IMMEDIATE} answers from it and refreshes in the
   * background; {@code VERIFY} asks the upstream first and falls back to it only on failure.
   */
  public enum RefreshMode {
    IMMEDIATE,
    VERIFY
  }
}
