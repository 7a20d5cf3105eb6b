package io.nodelocaldns.runtime.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nodelocaldns.runtime.cache.CacheConfig.Prefetch;
import io.nodelocaldns.runtime.cache.CacheConfig.RefreshMode;
import io.nodelocaldns.runtime.cache.CacheConfig.ServeStale;
import io.nodelocaldns.runtime.cache.CacheConfig.Tier;
import io.nodelocaldns.runtime.corefile.CorefileException;
import io.nodelocaldns.runtime.corefile.Snippets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CacheSetupTest {
  private static final List<String> BLOCK_ZONES = List.of("cluster.local.");
  private static final Tier SUCCESS = tier(CacheConfig.DEFAULT_SUCCESS_MAX_TTL, 5);
  private static final Tier DENIAL = tier(CacheConfig.DEFAULT_DENIAL_MAX_TTL, 5);
  private static final CacheConfig DEFAULTS =
      new CacheConfig(
          BLOCK_ZONES,
          SUCCESS,
          DENIAL,
          Optional.empty(),
          Optional.empty(),
          CacheConfig.DEFAULT_SERVFAIL_TTL,
          false);

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("cache", DEFAULTS),
        Arguments.of("cache 30", withTiers(tier(secs(30), 5), tier(secs(30), 5))),
        // a maximum under the default minimum wins, as in CoreDNS
        Arguments.of("cache 3", withTiers(tier(secs(3), 3), tier(secs(3), 3))),
        Arguments.of(
            "cache 30 example.org Example.NET",
            withZones(
                withTiers(tier(secs(30), 5), tier(secs(30), 5)),
                List.of("example.org.", "example.net."))),
        Arguments.of("cache example.org", withZones(DEFAULTS, List.of("example.org."))),
        Arguments.of(
            "cache {\n success 9984 30\n denial 9984 5\n}",
            withTiers(tier(secs(30), 5), tier(secs(5), 5))),
        Arguments.of(
            "cache 300 {\n success 100\n}",
            withTiers(new Tier(100, secs(300), secs(5), List.of()), tier(secs(300), 5))),
        Arguments.of(
            "cache { success 100 60 10 }",
            withTiers(new Tier(100, secs(60), secs(10), List.of()), DENIAL)),
        // capacity 0 stores nothing in the tier, as lablabs' values write it
        Arguments.of(
            "cache { denial 0 1 }", withTiers(SUCCESS, new Tier(0, secs(1), secs(1), List.of()))),
        Arguments.of(
            "cache { denial 1 60 0 }",
            withTiers(SUCCESS, new Tier(1, secs(60), secs(0), List.of()))),
        Arguments.of(
            "cache { prefetch 10 }", withPrefetch(new Prefetch(10, Duration.ofMinutes(1), 10))),
        Arguments.of(
            "cache { prefetch 2 30s 20% }",
            withPrefetch(new Prefetch(2, Duration.ofSeconds(30), 20))),
        Arguments.of(
            "cache { serve_stale }",
            withStale(new ServeStale(Duration.ofHours(1), RefreshMode.IMMEDIATE))),
        Arguments.of(
            "cache { serve_stale 10m VERIFY }",
            withStale(new ServeStale(Duration.ofMinutes(10), RefreshMode.VERIFY))),
        Arguments.of(
            "cache { serve_stale 0s immediate }",
            withStale(new ServeStale(Duration.ZERO, RefreshMode.IMMEDIATE))),
        Arguments.of("cache { servfail 0 }", withServfail(Duration.ZERO)),
        Arguments.of("cache { servfail 5m }", withServfail(Duration.ofMinutes(5))),
        Arguments.of(
            "cache example.org { disable success }",
            withZones(
                withTiers(disabled(SUCCESS, "example.org."), DENIAL), List.of("example.org."))),
        Arguments.of(
            "cache {\n disable denial a.example B.example\n disable denial c.example\n}",
            withTiers(SUCCESS, disabled(DENIAL, "a.example.", "b.example.", "c.example."))),
        Arguments.of(
            "cache { keepttl }",
            new CacheConfig(
                BLOCK_ZONES, SUCCESS, DENIAL, Optional.empty(), Optional.empty(), secs(5), true)));
  }

  @ParameterizedTest
  @MethodSource("valid")
  void readsValidSnippet(String snippet, CacheConfig expected) {
    assertThat(CacheSetup.parse(Snippets.directive(snippet), BLOCK_ZONES)).isEqualTo(expected);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            "cache 0",
            "Corefile:1: cache: TTL must be a whole number of seconds of at least 1, got \"0\""),
        Arguments.of(
            "cache -1",
            "Corefile:1: cache: TTL must be a whole number of seconds of at least 1, got \"-1\""),
        Arguments.of(
            "cache 30s",
            "Corefile:1: cache: TTL must be a whole number of seconds such as 30, got \"30s\""),
        Arguments.of(
            "cache 30 a..b",
            "Corefile:1: cache: expected a domain name such as cluster.local or ., got \"a..b\""
                + " ('a..b.': invalid empty label)"),
        Arguments.of(
            "cache { success -1 }",
            "Corefile:1: cache: success: capacity must be an integer of 0 or more, got \"-1\""),
        Arguments.of(
            "cache {\n success\n}",
            "Corefile:2: cache: success: expected 1 to 3 arguments (success CAPACITY [TTL"
                + " [MINTTL]]), got none"),
        Arguments.of(
            "cache {\n\n denial 1 2 3 4\n}",
            "Corefile:3: cache: denial: expected 1 to 3 arguments (denial CAPACITY [TTL"
                + " [MINTTL]]), got 4: \"1 2 3 4\""),
        Arguments.of(
            "cache { success 10 0 }",
            "Corefile:1: cache: success: TTL must be a whole number of seconds of at least 1, got"
                + " \"0\""),
        Arguments.of(
            "cache { denial 10 30 60 }",
            "Corefile:1: cache: denial: MINTTL must be at most TTL (30), got \"60\""),
        Arguments.of(
            "cache { denial 10 30 -1 }",
            "Corefile:1: cache: denial: MINTTL must be a whole number of seconds of at least 0,"
                + " got \"-1\""),
        Arguments.of(
            "cache { prefetch 0 }",
            "Corefile:1: cache: prefetch: amount must be a positive integer, got \"0\""),
        Arguments.of(
            "cache { prefetch 10 1x }",
            "Corefile:1: cache: prefetch: duration must be a duration such as 30s, 1m or 1h30m,"
                + " got \"1x\""),
        Arguments.of(
            "cache { prefetch 10 1m 20 }",
            "Corefile:1: cache: prefetch: percentage must be an integer from 0 to 100 followed by"
                + " %, such as 10%, got \"20\""),
        Arguments.of(
            "cache { prefetch 10 1m 101% }",
            "Corefile:1: cache: prefetch: percentage must be an integer from 0 to 100 followed by"
                + " %, such as 10%, got \"101%\""),
        Arguments.of(
            "cache { serve_stale -1s }",
            "Corefile:1: cache: serve_stale: duration must be at least 0s, got \"-1s\""),
        Arguments.of(
            "cache { serve_stale 1h later }",
            "Corefile:1: cache: serve_stale: refresh mode must be one of immediate, verify, got"
                + " \"later\""),
        Arguments.of(
            "cache { servfail 6m }",
            "Corefile:1: cache: servfail: duration must be between 0s and 5m, got \"6m\""),
        Arguments.of(
            "cache { servfail }",
            "Corefile:1: cache: servfail: expected 1 argument (servfail DURATION), got none"),
        Arguments.of(
            "cache { disable both }",
            "Corefile:1: cache: disable: tier must be one of success, denial, got \"both\""),
        Arguments.of(
            "cache { keepttl yes }",
            "Corefile:1: cache: keepttl: expected no arguments, got \"yes\""),
        Arguments.of(
            "cache {\n success 10 {\n x\n }\n}",
            "Corefile:2: cache: success: takes no block, got \"x\" at line 3 inside { }"),
        Arguments.of(
            "cache { prefetch_all }",
            "Corefile:1: cache: unknown option \"prefetch_all\" (expected one of: success, denial,"
                + " prefetch, serve_stale, servfail, disable, keepttl)"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void rejectsInvalidSnippet(String snippet, String message) {
    assertThatThrownBy(() -> CacheSetup.parse(Snippets.directive(snippet), BLOCK_ZONES))
        .isInstanceOf(CorefileException.class)
        .hasMessage(message);
  }

  private static Duration secs(long seconds) {
    return Duration.ofSeconds(seconds);
  }

  private static Tier tier(Duration max, long minSeconds) {
    return new Tier(CacheConfig.DEFAULT_CAPACITY, max, secs(minSeconds), List.of());
  }

  private static Tier disabled(Tier tier, String... zones) {
    return new Tier(tier.capacity(), tier.maxTtl(), tier.minTtl(), List.of(zones));
  }

  private static CacheConfig withTiers(Tier success, Tier denial) {
    return new CacheConfig(
        BLOCK_ZONES,
        success,
        denial,
        Optional.empty(),
        Optional.empty(),
        CacheConfig.DEFAULT_SERVFAIL_TTL,
        false);
  }

  private static CacheConfig withZones(CacheConfig c, List<String> zones) {
    return new CacheConfig(
        zones, c.success(), c.denial(), c.prefetch(), c.serveStale(), c.servfailTtl(), c.keepTtl());
  }

  private static CacheConfig withPrefetch(Prefetch prefetch) {
    return new CacheConfig(
        BLOCK_ZONES,
        SUCCESS,
        DENIAL,
        Optional.of(prefetch),
        Optional.empty(),
        CacheConfig.DEFAULT_SERVFAIL_TTL,
        false);
  }

  private static CacheConfig withStale(ServeStale stale) {
    return new CacheConfig(
        BLOCK_ZONES,
        SUCCESS,
        DENIAL,
        Optional.empty(),
        Optional.of(stale),
        CacheConfig.DEFAULT_SERVFAIL_TTL,
        false);
  }

  private static CacheConfig withServfail(Duration servfail) {
    return new CacheConfig(
        BLOCK_ZONES, SUCCESS, DENIAL, Optional.empty(), Optional.empty(), servfail, false);
  }
}
