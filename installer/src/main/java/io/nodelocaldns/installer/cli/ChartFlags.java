package io.nodelocaldns.installer.cli;

import com.beust.jcommander.Parameter;
import io.nodelocaldns.installer.UsageException;
import io.nodelocaldns.installer.chart.HelmChart;
import io.nodelocaldns.installer.discovery.ClusterType;
import io.nodelocaldns.installer.values.CacheMode;
import io.nodelocaldns.installer.values.ChartRequest;
import io.nodelocaldns.installer.values.ImageRef;
import io.nodelocaldns.installer.values.IpAddresses;
import io.nodelocaldns.installer.values.SetParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What to render: the flags of install and render, checked into a {@link ChartRequest}. */
public final class ChartFlags {
  @Parameter(
      names = "--cluster",
      description =
          "kind, eks, generic, or auto: from the nodes' spec.providerID (kind://, aws://)")
  String cluster = "auto";

  @Parameter(
      names = "--mode",
      description =
          "iptables, ipvs, or auto: from kube-proxy's ConfigMap (iptables and nftables -> iptables, ipvs -> ipvs)")
  String mode = "auto";

  @Parameter(
      names = "--kube-dns-ip",
      description = "the cluster DNS Service IP (default: read from --kube-dns-service)")
  String kubeDnsIp;

  @Parameter(
      names = "--kube-dns-service",
      description = "NAMESPACE/NAME of the cluster DNS Service to read the IP from")
  String kubeDnsService = "kube-system/kube-dns";

  @Parameter(
      names = "--cluster-domain",
      description =
          "the cluster domain (default: kubelet's, read through the node proxy configz, else CoreDNS's Corefile, else cluster.local)")
  String clusterDomain;

  @Parameter(
      names = "--local-ip",
      description =
          "the cache's node-local address (default: 169.254.20.10; required when kube-dns is IPv6)")
  String localIp;

  @Parameter(
      names = "--values",
      description =
          "a Helm values file; repeatable, later files win, all win over discovered values",
      splitter = NoSplitter.class)
  List<String> values = new ArrayList<>();

  @Parameter(
      names = "--set",
      description =
          "Helm values as Helm's --set takes them: a.b=x, several a=1,b=2, a list l={x,y}, an index"
              + " l[0]=x, \\, for a comma in a value; true, false, null and whole numbers are typed;"
              + " repeatable, wins over every values file",
      splitter = NoSplitter.class)
  List<String> sets = new ArrayList<>();

  @Parameter(
      names = "--set-string",
      description =
          "as --set, but every value stays a string (e.g. --set-string image.tag=1234); applied after"
              + " the --set ones",
      splitter = NoSplitter.class)
  List<String> setStrings = new ArrayList<>();

  @Parameter(
      names = "--image",
      description = "the agent image REPOSITORY:TAG (default: the chart's)")
  String image;

  @Parameter(
      names = "--chart",
      description =
          "a chart directory to use instead of the one bundled in the jar (e.g. a checkout's charts/node-local-dns)")
  String chartDir;

  /** The chart: {@code --chart}, else the environment's (the bundled one). */
  HelmChart chart(Cli cli) {
    if (chartDir == null) {
      return cli.environment.chart().get();
    }
    try {
      return HelmChart.at(Path.of(chartDir));
    } catch (IllegalArgumentException e) {
      throw bad("--chart", chartDir, "is not a chart directory (no Chart.yaml)");
    }
  }

  /** The flags checked: every bad value is a {@link UsageException} naming its flag. */
  public ChartRequest request() {
    Optional<ClusterType> clusterType =
        switch (lower(cluster)) {
          case "auto" -> Optional.empty();
          case "kind" -> Optional.of(ClusterType.KIND);
          case "eks" -> Optional.of(ClusterType.EKS);
          case "generic" -> Optional.of(ClusterType.GENERIC);
          default -> throw bad("--cluster", cluster, "is not kind, eks, generic or auto");
        };
    Optional<CacheMode> cacheMode;
    if ("auto".equals(lower(mode))) {
      cacheMode = Optional.empty();
    } else {
      cacheMode =
          Optional.of(
              CacheMode.parse(mode)
                  .orElseThrow(() -> bad("--mode", mode, "is not iptables, ipvs or auto")));
    }
    if (kubeDnsIp != null && !IpAddresses.isIp(kubeDnsIp)) {
      throw bad("--kube-dns-ip", kubeDnsIp, "is not an IP address");
    }
    if (localIp != null && !IpAddresses.isIp(localIp)) {
      throw bad("--local-ip", localIp, "is not an IP address");
    }
    if (localIp != null
        && kubeDnsIp != null
        && IpAddresses.isIpv6(localIp) != IpAddresses.isIpv6(kubeDnsIp)) {
      throw bad("--local-ip", localIp, "is not the same IP family as --kube-dns-ip " + kubeDnsIp);
    }
    if (clusterDomain != null
        && !clusterDomain.matches(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\.?")) {
      throw bad("--cluster-domain", clusterDomain, "is not a DNS domain");
    }
    String[] service = kubeDnsService.split("/", -1);
    if (service.length != 2 || service[0].isEmpty() || service[1].isEmpty()) {
      throw bad("--kube-dns-service", kubeDnsService, "is not NAMESPACE/NAME");
    }
    Optional<ImageRef> imageRef = Optional.empty();
    if (image != null) {
      imageRef =
          Optional.of(
              ImageRef.parse(image)
                  .orElseThrow(() -> bad("--image", image, "is not REPOSITORY:TAG")));
    }
    List<Path> files = new ArrayList<>();
    for (String file : values) {
      Path path = Path.of(file);
      if (!Files.isRegularFile(path)) {
        throw bad("--values", file, "is not a file");
      }
      files.add(path);
    }
    checkSets("--set", sets, false);
    checkSets("--set-string", setStrings, true);
    return new ChartRequest(
        clusterType,
        cacheMode,
        Optional.ofNullable(kubeDnsIp),
        service[0],
        service[1],
        Optional.ofNullable(clusterDomain)
            .map(d -> d.endsWith(".") ? d.substring(0, d.length() - 1) : d),
        Optional.ofNullable(localIp),
        imageRef,
        files,
        sets,
        setStrings);
  }

  /** Helm's own syntax check of each --set, before anything else is done. */
  private static void checkSets(String flag, List<String> texts, boolean strings) {
    for (String text : texts) {
      try {
        SetParser.parse(text, strings);
      } catch (SetParser.SyntaxException e) {
        throw bad(flag, text, "is not KEY=VALUE (" + e.getMessage() + ")");
      }
    }
  }

  static UsageException bad(String flag, String value, String what) {
    return new UsageException(flag + ": \"" + value + "\" " + what);
  }

  private static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }
}
