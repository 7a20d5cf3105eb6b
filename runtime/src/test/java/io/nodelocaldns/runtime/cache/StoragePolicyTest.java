package io.nodelocaldns.runtime.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.runtime.wire.CanonicalResponse;
import io.nodelocaldns.runtime.wire.CanonicalResponse.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which tier a response goes to and for how long, by kind and TTL. */
class StoragePolicyTest {
  /** success 100 3600 5, denial 100 1800 5, servfail 5s: CoreDNS's defaults. */
  private final StoragePolicy defaults = new StoragePolicy(TestConfigs.defaults());

  @ParameterizedTest(name = "{0} with TTL {1} -> {2} for {3}")
  @CsvSource({
    "SUCCESS,      300,   SUCCESS, 300",
    "SUCCESS,      7200,  SUCCESS, 3600",
    "SUCCESS,      1,     SUCCESS, 5",
    "DELEGATION,   86400, SUCCESS, 3600",
    "NAME_ERROR,   10,    DENIAL,  10",
    "NAME_ERROR,   7200,  DENIAL,  1800",
    "NAME_ERROR,   0,     DENIAL,  5",
    "NAME_ERROR,   -1,    DENIAL,  5",
    "NO_DATA,      60,    DENIAL,  60",
    "NO_DATA,      -1,    DENIAL,  5",
    "SERVER_ERROR, -1,    DENIAL,  5",
  })
  void placesByKindWithinTheTiersBounds(Kind kind, long ttl, CacheTier tier, long stored) {
    StoragePolicy.Placement placement = defaults.place(response(kind, ttl), "example.com.");

    assertThat(placement).isEqualTo(new StoragePolicy.Placement(tier, stored, true));
  }

  @Test
  void otherResponsesHaveNoPlace() {
    assertThat(defaults.place(response(Kind.OTHER, 300), "example.com.")).isNull();
  }

  @Test
  void aDenialWithoutSoaIsKeptFiveSecondsEvenAboveTheDenialMinimumButNeverBeyondTheCap() {
    StoragePolicy highMinimum =
        new StoragePolicy(TestConfigs.cache().denial(100, 1800, 30).build());
    StoragePolicy lowCap = new StoragePolicy(TestConfigs.cache().denial(100, 2, 0).build());

    assertThat(highMinimum.place(response(Kind.NAME_ERROR, -1), "x.").ttl()).isEqualTo(5);
    assertThat(lowCap.place(response(Kind.NO_DATA, -1), "x.").ttl()).isEqualTo(2);
  }

  @Test
  void theCapWinsOverAMinimumAboveIt() {
    StoragePolicy policy = new StoragePolicy(TestConfigs.cache().success(100, 30, 60).build());

    assertThat(policy.place(response(Kind.SUCCESS, 10), "x.").ttl()).isEqualTo(30);
  }

  @Test
  void servfailFollowsTheServfailDurationAndZeroMeansNotCached() {
    StoragePolicy tenSeconds =
        new StoragePolicy(TestConfigs.cache().servfail(Duration.ofSeconds(10)).build());
    StoragePolicy off = new StoragePolicy(TestConfigs.cache().servfail(Duration.ZERO).build());

    assertThat(tenSeconds.place(response(Kind.SERVER_ERROR, -1), "x.").ttl()).isEqualTo(10);
    assertThat(off.place(response(Kind.SERVER_ERROR, -1), "x.")).isNull();
  }

  @Test
  void aZeroTtlWithAZeroMinimumIsNotCached() {
    StoragePolicy policy = new StoragePolicy(TestConfigs.cache().success(100, 3600, 0).build());

    assertThat(policy.place(response(Kind.SUCCESS, 0), "x.")).isNull();
  }

  @Test
  void disabledZonesKeepTheTtlButStoreNothing() {
    StoragePolicy policy =
        new StoragePolicy(
            TestConfigs.cache()
                .disableSuccess("Example.COM")
                .disableDenial("example.org.")
                .build());

    assertThat(policy.place(response(Kind.SUCCESS, 300), "www.example.com."))
        .isEqualTo(new StoragePolicy.Placement(CacheTier.SUCCESS, 300, false));
    assertThat(policy.place(response(Kind.SUCCESS, 300), "www.example.org.").store()).isTrue();
    assertThat(policy.place(response(Kind.SUCCESS, 300), "notexample.com.").store()).isTrue();
    assertThat(policy.place(response(Kind.NAME_ERROR, 60), "nope.example.org.").store()).isFalse();
    assertThat(policy.place(response(Kind.NAME_ERROR, 60), "nope.example.com.").store()).isTrue();
  }

  @Test
  void aTierWithoutCapacityStoresNothing() {
    StoragePolicy policy = new StoragePolicy(TestConfigs.cache().success(0, 3600, 5).build());

    assertThat(policy.place(response(Kind.SUCCESS, 300), "x.").store()).isFalse();
  }

  private static CanonicalResponse response(Kind kind, long ttl) {
    return new CanonicalResponse(new byte[0], new int[0], 0, kind, ttl);
  }
}
