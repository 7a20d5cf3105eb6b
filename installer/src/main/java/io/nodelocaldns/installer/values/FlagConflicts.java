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
    // --kube-dns-ip names every ClusterIP: without an IPv6 one it says kubeDNS.ipv6 is empty
    Optional<KubeDnsIps> kubeDns = request.kubeDnsIps();
    agree(
        "--kube-dns-ip",
        kubeDns.map(KubeDnsIps::ip),
        "kubeDNS.ip",
        overrides,
        notes,
        kubeDns.map(KubeDnsIps::text));
    agree(
        "--kube-dns-ip",
        kubeDns.map(k -> k.ipv6().orElse("")),
        "kubeDNS.ipv6",
        overrides,
        notes,
        kubeDns.map(KubeDnsIps::text));
    agree("--local-ip", request.localIp(), "localIP", overrides, notes);
    agree("--local-ipv6", request.localIpv6(), "localIPv6", overrides, notes);
    agree("--cluster-domain", request.clusterDomain(), "clusterDomain", overrides, notes);
  }

  private static void agree(
      String flag,
      Optional<String> flagValue,
      String key,
      UserOverrides overrides,
      Consumer<String> notes) {
    agree(flag, flagValue, key, overrides, notes, flagValue);
  }

  /**
   * {@code flagText} is the flag as given, of which {@code flagValue} is the part for {@code key}.
   */
  private static void agree(
      String flag,
      Optional<String> flagValue,
      String key,
      UserOverrides overrides,
      Consumer<String> notes,
      Optional<String> flagText) {
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
                + flagText.get()
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
              + flagText.get()
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
