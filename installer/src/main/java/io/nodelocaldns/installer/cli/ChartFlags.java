package io.nodelocaldns.installer.cli;

import com.beust.jcommander.Parameter;
import io.nodelocaldns.installer.UsageException;
import io.nodelocaldns.installer.chart.HelmChart;
import io.nodelocaldns.installer.discovery.ClusterType;
import io.nodelocaldns.installer.values.CacheMode;
import io.nodelocaldns.installer.values.ChartRequest;
import io.nodelocaldns.installer.values.ImageRef;
import io.nodelocaldns.installer.values.IpAddresses;
import io.nodelocaldns.installer.values.KubeDnsIps;
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
      description =
          "the cluster DNS Service's ClusterIP, or on a dual-stack cluster its two, comma separated"
              + " as in its spec.clusterIPs (10.96.0.10,fd00:10:96::a); the cache serves their"
              + " families (default: read from --kube-dns-service)")
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
          "the cache's node-local address, of the kube-dns IP's family; health and ready are on it"
              + " (default: 169.254.20.10; IPv6-only clusters: fd00::10)")
  String localIp;

  @Parameter(
      names = "--local-ipv6",
      description =
          "dual-stack clusters: the cache's IPv6 node-local address, next to an IPv4 --local-ip"
              + " (default: fd00::10 when kube-dns has an IPv6 ClusterIP next to an IPv4 one)")
  String localIpv6;

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
    Optional<KubeDnsIps> kubeDnsIps = kubeDnsIps();
    String kubeDnsFlag = "--kube-dns-ip " + kubeDnsIp;
    if (localIp != null && !IpAddresses.isIp(localIp)) {
      throw bad("--local-ip", localIp, "is not an IP address");
    }
    if (localIp != null && kubeDnsIps.isPresent()) {
      kubeDnsIps
          .get()
          .localIpProblem(localIp, kubeDnsFlag)
          .ifPresent(
              problem -> {
                throw bad("--local-ip", localIp, problem);
              });
    }
    checkLocalIpv6(kubeDnsIps, kubeDnsFlag);
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
        kubeDnsIps,
        service[0],
        service[1],
        Optional.ofNullable(clusterDomain)
            .map(d -> d.endsWith(".") ? d.substring(0, d.length() - 1) : d),
        Optional.ofNullable(localIp),
        Optional.ofNullable(localIpv6),
        imageRef,
        files,
        sets,
        setStrings);
  }

  private Optional<KubeDnsIps> kubeDnsIps() {
    if (kubeDnsIp == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(KubeDnsIps.parse(kubeDnsIp));
    } catch (IllegalArgumentException e) {
      throw bad("--kube-dns-ip", kubeDnsIp, e.getMessage());
    }
  }

  /** An IPv6 address, and only where the cluster is dual-stack. */
  private void checkLocalIpv6(Optional<KubeDnsIps> kubeDnsIps, String kubeDnsFlag) {
    if (localIpv6 == null) {
      return;
    }
    if (!IpAddresses.isIp(localIpv6) || !IpAddresses.isIpv6(localIpv6)) {
      throw bad("--local-ipv6", localIpv6, "is not an IPv6 address");
    }
    if (localIp != null && IpAddresses.isIpv6(localIp)) {
      throw bad(
          "--local-ipv6",
          localIpv6,
          "is for a dual-stack cluster, next to an IPv4 --local-ip; --local-ip "
              + localIp
              + " is IPv6, the one local address of an IPv6-only cluster");
    }
    if (kubeDnsIps.isPresent()) {
      kubeDnsIps
          .get()
          .localIpv6Problem(kubeDnsFlag)
          .ifPresent(
              problem -> {
                throw bad("--local-ipv6", localIpv6, problem);
              });
    }
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
