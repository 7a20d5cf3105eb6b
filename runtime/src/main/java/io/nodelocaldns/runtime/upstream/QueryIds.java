package io.nodelocaldns.runtime.upstream;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Random 16-bit message IDs for upstream queries.
 *
 * <p>Against an off-path attacker forging answers into our cache (the Kaminsky attack), the message
 * ID and the source port are all the entropy a UDP query has, so the ID must be unpredictable.
 * {@code ThreadLocalRandom} is not: its state follows from a few outputs. Each thread gets its own
 * DRBG {@link SecureRandom}, seeded from the operating system, so drawing an ID never blocks and
 * never contends on a shared lock (the default {@code NativePRNG} has a global one).
 */
public final class QueryIds {
  private static final int ID_SPACE = 1 << 16;
  private static final ThreadLocal<SecureRandom> RANDOM =
      ThreadLocal.withInitial(QueryIds::newRandom);

  private QueryIds() {}

  /** A uniformly random ID in [0, 65535]. */
  public static int next() {
    return RANDOM.get().nextInt(ID_SPACE);
  }

  private static SecureRandom newRandom() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }
}
