package io.nodelocaldns.runtime.cache;

import io.nodelocaldns.runtime.wire.CanonicalResponse;
import io.nodelocaldns.runtime.wire.DnsNames;
import java.time.Duration;
import java.util.List;

/**
 * Decides, as CoreDNS's cache does, which tier a response belongs to and for how long: positive
 * answers and referrals by their smallest TTL within the success bounds, denials by their SOA (RFC
 * 2308) within the denial bounds, SERVFAIL for the {@code servfail} duration, nothing else.
 */
final class StoragePolicy {

  /**
   * Where a response goes.
   *
   * @param tier the tier it belongs to
   * @param ttl seconds it is kept (and the TTL its records are given); always positive
   * @param store false when the tier is disabled for the name (or has no room at all): the TTL
   *     still applies to the reply, as in CoreDNS
   */
  record Placement(CacheTier tier, long ttl, boolean store) {}

  private final Bounds success;
  private final Bounds denial;
  private final long servfailTtl;

  StoragePolicy(CacheConfig config) {
    success = new Bounds(config.success());
    denial = new Bounds(config.denial());
    servfailTtl = config.servfailTtl().toSeconds();
  }

  /** Where {@code response} to a question for {@code name} (lower case) goes; null: not cached. */
  Placement place(CanonicalResponse response, String name) {
    return switch (response.kind()) {
      case SUCCESS, DELEGATION -> placement(CacheTier.SUCCESS, success.clamp(response.ttl()), name);
      case NAME_ERROR, NO_DATA -> placement(CacheTier.DENIAL, denialTtl(response.ttl()), name);
      case SERVER_ERROR -> placement(CacheTier.DENIAL, servfailTtl, name);
      case OTHER -> null;
    };
  }

  private long denialTtl(long soaTtl) {
    if (soaTtl < 0) {
      // no SOA (dnsmasq): CoreDNS's fail-safe TTL, never beyond the block's denial cap
      return Math.min(CacheConfig.DENIAL_WITHOUT_SOA_TTL.toSeconds(), denial.max);
    }
    return denial.clamp(soaTtl);
  }

  private Placement placement(CacheTier tier, long ttl, String name) {
    if (ttl <= 0) {
      return null;
    }
    Bounds bounds = tier == CacheTier.SUCCESS ? success : denial;
    return new Placement(tier, ttl, bounds.stores(name));
  }

  /** One tier's TTL bounds and exceptions. */
  private static final class Bounds {
    private final long min;
    private final long max;
    private final boolean hasRoom;
    private final List<String> disabledZones;

    Bounds(CacheConfig.Tier tier) {
      min = seconds(tier.minTtl());
      max = seconds(tier.maxTtl());
      hasRoom = tier.capacity() > 0;
      disabledZones = tier.disabledZones().stream().map(DnsNames::normalize).toList();
    }

    /** Raised to the minimum, then capped at the maximum: the cap wins, as in CoreDNS. */
    long clamp(long ttl) {
      return Math.min(Math.max(ttl, min), max);
    }

    boolean stores(String name) {
      if (!hasRoom) {
        return false;
      }
      for (String zone : disabledZones) {
        if (DnsNames.isInZone(name, zone)) {
          return false;
        }
      }
      return true;
    }

    private static long seconds(Duration duration) {
      return duration.toSeconds();
    }
  }
}
