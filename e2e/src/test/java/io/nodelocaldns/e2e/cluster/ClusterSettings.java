package io.nodelocaldns.e2e.cluster;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the cluster e2e is told through system properties (Maven passes {@code -D…} through), with
 * the defaults a Kind run needs. docs/e2e.md lists them.
 */
public record ClusterSettings(
    boolean enabled,
    Path installerJar,
    String image,
    Mode mode,
    String clusterType,
    Optional<String> context,
    String testImage,
    String debugImage,
    String externalName,
    String clusterDomain,
    String installerTimeout) {
  /** Set by the Maven profile {@code cluster-e2e}; without it the suite skips. */
  public static final String ENABLED = "nld.cluster.e2e";

  public static final String INSTALLER_JAR = "nld.installer.jar";
  public static final String IMAGE = "nld.image";
  public static final String MODE = "nld.cluster.mode";
  public static final String TYPE = "nld.cluster.type";
  public static final String CONTEXT = "nld.cluster.context";
  public static final String TEST_IMAGE = "nld.cluster.testImage";
  public static final String DEBUG_IMAGE = "nld.cluster.debugImage";
  public static final String EXTERNAL_NAME = "nld.cluster.externalName";
  public static final String DOMAIN = "nld.cluster.domain";
  public static final String TIMEOUT = "nld.cluster.timeout";

  public static final String DEFAULT_IMAGE = "ghcr.io/node-local-dns/node-local-dns:0.1.0";
  public static final String DEFAULT_POD_IMAGE = "busybox:1.37";

  /** node-local-dns's mode: {@code auto} follows the node (a {@code kube-ipvs0} link is IPVS). */
  public enum Mode {
    AUTO,
    IPTABLES,
    IPVS;

    public String cliName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static ClusterSettings fromSystemProperties() {
    @SuppressWarnings({"unchecked", "rawtypes"})
    Map<String, String> properties = (Map) System.getProperties();
    return from(properties);
  }

  public static ClusterSettings from(Map<String, String> p) {
    String type = p.getOrDefault(TYPE, "auto").strip().toLowerCase(Locale.ROOT);
    if (!type.matches("auto|kind|eks|generic")) {
      throw new IllegalArgumentException(
          "-D" + TYPE + "=" + type + ": expected auto, kind, eks or generic");
    }
    return new ClusterSettings(
        "true".equals(p.get(ENABLED)),
        Path.of(p.getOrDefault(INSTALLER_JAR, "../installer/target/node-local-dns.jar"))
            .toAbsolutePath()
            .normalize(),
        nonBlank(p, IMAGE, DEFAULT_IMAGE),
        mode(p.getOrDefault(MODE, "auto")),
        type,
        Optional.ofNullable(p.get(CONTEXT)).filter(c -> !c.isBlank()),
        nonBlank(p, TEST_IMAGE, DEFAULT_POD_IMAGE),
        nonBlank(p, DEBUG_IMAGE, DEFAULT_POD_IMAGE),
        nonBlank(p, EXTERNAL_NAME, "example.com"),
        nonBlank(p, DOMAIN, "cluster.local"),
        nonBlank(p, TIMEOUT, "5m"));
  }

  private static Mode mode(String value) {
    try {
      return Mode.valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "-D" + MODE + "=" + value + ": expected auto, iptables or ipvs", e);
    }
  }

  private static String nonBlank(Map<String, String> p, String key, String fallback) {
    String value = p.get(key);
    return value == null || value.isBlank() ? fallback : value.strip();
  }
}
