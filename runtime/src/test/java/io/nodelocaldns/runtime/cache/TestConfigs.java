package io.nodelocaldns.runtime.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds {@link CacheConfig}s for tests, starting from CoreDNS's defaults and the root zone. */
final class TestConfigs {
  private List<String> zones = List.of(".");
  private int successCapacity = CacheConfig.DEFAULT_CAPACITY;
  private Duration successMax = CacheConfig.DEFAULT_SUCCESS_MAX_TTL;
  private Duration successMin = CacheConfig.DEFAULT_MIN_TTL;
  private final List<String> successDisabled = new ArrayList<>();
  private int denialCapacity = CacheConfig.DEFAULT_CAPACITY;
  private Duration denialMax = CacheConfig.DEFAULT_DENIAL_MAX_TTL;
  private Duration denialMin = CacheConfig.DEFAULT_MIN_TTL;
  private final List<String> denialDisabled = new ArrayList<>();
  private Optional<CacheConfig.Prefetch> prefetch = Optional.empty();
  private Optional<CacheConfig.ServeStale> serveStale = Optional.empty();
  private Duration servfail = CacheConfig.DEFAULT_SERVFAIL_TTL;
  private boolean keepTtl;

  private TestConfigs() {}

  static TestConfigs cache() {
    return new TestConfigs();
  }

  static CacheConfig defaults() {
    return cache().build();
  }

  TestConfigs zones(String... zones) {
    this.zones = List.of(zones);
    return this;
  }

  /** {@code cache TTL}: caps both tiers, as the directive's first argument does. */
  TestConfigs maxTtl(long seconds) {
    successMax = Duration.ofSeconds(seconds);
    denialMax = Duration.ofSeconds(seconds);
    return this;
  }

  TestConfigs success(int capacity, long maxSeconds, long minSeconds) {
    successCapacity = capacity;
    successMax = Duration.ofSeconds(maxSeconds);
    successMin = Duration.ofSeconds(minSeconds);
    return this;
  }

  TestConfigs denial(int capacity, long maxSeconds, long minSeconds) {
    denialCapacity = capacity;
    denialMax = Duration.ofSeconds(maxSeconds);
    denialMin = Duration.ofSeconds(minSeconds);
    return this;
  }

  TestConfigs disableSuccess(String zone) {
    successDisabled.add(zone);
    return this;
  }

  TestConfigs disableDenial(String zone) {
    denialDisabled.add(zone);
    return this;
  }

  TestConfigs prefetch(int amount, Duration window, int percentage) {
    prefetch = Optional.of(new CacheConfig.Prefetch(amount, window, percentage));
    return this;
  }

  TestConfigs serveStale(Duration staleFor, CacheConfig.RefreshMode mode) {
    serveStale = Optional.of(new CacheConfig.ServeStale(staleFor, mode));
    return this;
  }

  TestConfigs servfail(Duration ttl) {
    servfail = ttl;
    return this;
  }

  TestConfigs keepTtl() {
    keepTtl = true;
    return this;
  }

  CacheConfig build() {
    return new CacheConfig(
        zones,
        new CacheConfig.Tier(successCapacity, successMax, successMin, successDisabled),
        new CacheConfig.Tier(denialCapacity, denialMax, denialMin, denialDisabled),
        prefetch,
        serveStale,
        servfail,
        keepTtl);
  }
}
