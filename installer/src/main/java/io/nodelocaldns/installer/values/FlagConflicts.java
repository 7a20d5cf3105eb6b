package io.nodelocaldns.installer.values;

import io.nodelocaldns.installer.UsageException;
import java.util.Locale;
import java.util.Optional;

/**
 * A flag and the user's own value for the same thing must agree: the installer acts on the flag
 * (e.g. changes kubelet for {@code --mode ipvs}) while Helm renders the user's value, which wins
 * over the installer's generated values. {@code --mode ipvs --set mode=iptables} is refused rather
 * than guessed at.
 */
final class FlagConflicts {
  private FlagConflicts() {}

  static void check(ChartRequest request, UserOverrides overrides) {
    agree("--mode", request.mode().map(CacheMode::cliName), "mode", overrides);
    agree("--cluster", request.cluster().map(c -> c.cliName()), "profile", overrides);
    agree("--kube-dns-ip", request.kubeDnsIp(), "kubeDNS.ip", overrides);
    agree("--local-ip", request.localIp(), "localIP", overrides);
    agree("--cluster-domain", request.clusterDomain(), "clusterDomain", overrides);
  }

  private static void agree(
      String flag, Optional<String> flagValue, String key, UserOverrides overrides) {
    Optional<UserOverrides.Sourced> user = overrides.get(key);
    if (flagValue.isEmpty() || user.isEmpty()) {
      return;
    }
    if (!normal(key, flagValue.get()).equals(normal(key, user.get().value()))) {
      String source = user.get().source();
      String given =
          source.startsWith("--set")
              ? source.substring(0, source.indexOf(' ')) + " " + key + "=" + user.get().value()
              : source + " (" + key + ": " + user.get().value() + ")";
      throw new UsageException(
          flag
              + " "
              + flagValue.get()
              + " and "
              + given
              + " disagree; give one of them, or the same value in both");
    }
  }

  private static String normal(String key, String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (key.equals("mode")) {
      return CacheMode.parse(v).map(CacheMode::cliName).orElse(v);
    }
    if (key.equals("clusterDomain") && v.endsWith(".")) {
      return v.substring(0, v.length() - 1);
    }
    return v;
  }
}
