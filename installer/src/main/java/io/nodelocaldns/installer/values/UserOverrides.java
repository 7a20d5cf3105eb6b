package io.nodelocaldns.installer.values;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The installer's own values as the user's {@code --values} files and {@code --set} pairs set them.
 * They win in Helm, so the installer must act on them too (e.g. a {@code --set mode=ipvs} needs the
 * kubelet change) and need not discover what they already say.
 */
public final class UserOverrides {
  /** The values the installer computes and acts on. */
  public static final List<String> KEYS =
      List.of(
          "mode", "profile", "localIP", "localIPv6", "kubeDNS.ip", "kubeDNS.ipv6", "clusterDomain");

  private final Map<String, Sourced> found = new HashMap<>();
  private final UserValues values;

  /** A value and where the user gave it. */
  public record Sourced(String value, String source) {}

  private UserOverrides(UserValues values) {
    this.values = values;
  }

  public static UserOverrides none() {
    return new UserOverrides(UserValues.none());
  }

  /** The installer's values among what the user gave: the last file or set that says it wins. */
  public static UserOverrides of(UserValues values) {
    UserOverrides overrides = new UserOverrides(values);
    for (String key : KEYS) {
      Optional<Object> value = values.get(key);
      if (value.isPresent()
          && !(value.get() instanceof Map<?, ?>)
          && !(value.get() instanceof List<?>)
          && !String.valueOf(value.get()).isEmpty()) {
        String source = values.origin(key).map(o -> o.describe(key)).orElse("user values");
        overrides.found.put(key, new Sourced(String.valueOf(value.get()), source));
      }
    }
    return overrides;
  }

  public Optional<Sourced> get(String key) {
    return Optional.ofNullable(found.get(key));
  }

  /** Everything the user gave. */
  public UserValues values() {
    return values;
  }
}
