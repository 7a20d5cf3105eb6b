package io.nodelocaldns.installer.values;

import io.nodelocaldns.installer.UsageException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A flag and the user's own value for the same thing: the installer acts on the flag (e.g. changes
 * kubelet for {@code --mode ipvs}), and Helm is given the flag's value last, so a flag wins over a
 * values file (said in a note). A flag and a {@code --set} that disagree, both given on the same
 * command line, are refused rather than guessed at.
 */
final class FlagConflicts {
  private FlagConflicts() {}

  static void check(ChartRequest request, UserOverrides overrides, Consumer<String> notes) {
    agree("--mode", request.mode().map(CacheMode::cliName), "mode", overrides, notes);
    agree("--cluster", request.cluster().map(c -> c.cliName()), "profile", overrides, notes);
    agree("--kube-dns-ip", request.kubeDnsIp(), "kubeDNS.ip", overrides, notes);
    agree("--local-ip", request.localIp(), "localIP", overrides, notes);
    agree("--cluster-domain", request.clusterDomain(), "clusterDomain", overrides, notes);
  }

  private static void agree(
      String flag,
      Optional<String> flagValue,
      String key,
      UserOverrides overrides,
      Consumer<String> notes) {
    Optional<UserOverrides.Sourced> user = overrides.get(key);
    if (flagValue.isEmpty() || user.isEmpty()) {
      return;
    }
    if (!normal(key, flagValue.get()).equals(normal(key, user.get().value()))) {
      String source = user.get().source();
      if (!source.startsWith("--set")) {
        notes.accept(
            "note: "
                + flag
                + " "
                + flagValue.get()
                + " wins over "
                + source
                + " ("
                + key
                + ": "
                + user.get().value()
                + ")");
        return;
      }
      throw new UsageException(
          flag
              + " "
              + flagValue.get()
              + " and "
              + source.substring(0, source.indexOf(' '))
              + " "
              + key
              + "="
              + user.get().value()
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
