package io.nodelocaldns.modes.profile;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/** Turns {@code --profile generic|kind|eks} (and {@code --vpc-resolver}) into a {@link Profile}. */
public final class Profiles {
  /** The valid values of {@code --profile}. */
  public static final List<String> NAMES =
      List.of(GenericProfile.NAME, KindProfile.NAME, EksProfile.NAME);

  private Profiles() {}

  /**
   * The profile called {@code name}; {@code vpcResolver} is used by eks only.
   *
   * @throws IllegalArgumentException naming the valid values when {@code name} is unknown
   */
  public static Profile of(String name, InetAddress vpcResolver) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case GenericProfile.NAME -> new GenericProfile();
      case KindProfile.NAME -> new KindProfile();
      case EksProfile.NAME -> new EksProfile(vpcResolver);
      default ->
          throw new IllegalArgumentException(
              "--profile: " + name + " (expected: one of " + String.join(", ", NAMES) + ")");
    };
  }

  /** As {@link #of(String, InetAddress)} with the default VPC resolver. */
  public static Profile of(String name) {
    return of(name, EksProfile.DEFAULT_VPC_RESOLVER);
  }
}
