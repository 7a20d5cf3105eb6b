package io.nodelocaldns.installer.install;

import io.nodelocaldns.installer.values.IpAddresses;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Edits {@code clusterDNS} in a KubeletConfiguration file as text, so the rest of the file (and its
 * comments and layout) stays exactly as kubeadm wrote it.
 */
final class KubeletConfigText {
  private static final Pattern KEY = Pattern.compile("^clusterDNS:\\s*(\\[(.*)\\])?\\s*$");
  private static final Pattern ITEM = Pattern.compile("^\\s*-\\s*\"?([^\"\\s]+)\"?\\s*$");

  private KubeletConfigText() {}

  /** The addresses in {@code clusterDNS}; empty when the key is absent. */
  static List<String> clusterDns(String config) {
    List<String> lines = config.lines().toList();
    List<String> ips = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher key = KEY.matcher(lines.get(i));
      if (!key.matches()) {
        continue;
      }
      if (key.group(1) != null) {
        for (String ip : key.group(2).split(",")) {
          String trimmed = ip.strip().replace("\"", "");
          if (!trimmed.isEmpty()) {
            ips.add(trimmed);
          }
        }
        return ips;
      }
      for (int j = i + 1; j < lines.size(); j++) {
        Matcher item = ITEM.matcher(lines.get(j));
        if (!item.matches()) {
          break;
        }
        ips.add(item.group(1));
      }
      return ips;
    }
    return ips;
  }

  /**
   * The config with {@code clusterDNS} set to {@code ips} (added at the end when absent).
   *
   * @throws IllegalArgumentException if one of {@code ips} is not an IP literal: it is written into
   *     the YAML as it is
   */
  static String withClusterDns(String config, List<String> ips) {
    for (String ip : ips) {
      if (!IpAddresses.isIp(ip)) {
        throw new IllegalArgumentException(
            "not an IP address for clusterDNS: " + ip.replaceAll("\\p{Cntrl}", "?"));
      }
    }
    List<String> lines = new ArrayList<>(config.lines().toList());
    List<String> block = new ArrayList<>();
    block.add("clusterDNS:");
    ips.forEach(ip -> block.add("- " + ip));
    for (int i = 0; i < lines.size(); i++) {
      Matcher key = KEY.matcher(lines.get(i));
      if (!key.matches()) {
        continue;
      }
      int end = i + 1;
      if (key.group(1) == null) {
        while (end < lines.size() && ITEM.matcher(lines.get(end)).matches()) {
          end++;
        }
      }
      lines.subList(i, end).clear();
      lines.addAll(i, block);
      return String.join("\n", lines) + "\n";
    }
    lines.addAll(block);
    return String.join("\n", lines) + "\n";
  }
}
