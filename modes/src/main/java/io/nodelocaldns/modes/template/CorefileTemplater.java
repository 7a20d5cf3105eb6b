package io.nodelocaldns.modes.template;

import io.nodelocaldns.modes.node.IpLiterals;
import io.nodelocaldns.modes.template.KubeDnsConfig.StubDomain;
import io.nodelocaldns.runtime.bind.BindConfig;
import io.nodelocaldns.runtime.config.CorefileParser;
import io.nodelocaldns.runtime.plugin.ServerConfig;
import io.nodelocaldns.runtime.prometheus.PrometheusConfig;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns the base Corefile ({@code -basecorefile}) into the Corefile the agent serves, as the
 * upstream node-cache does:
 *
 * <ul>
 *   <li>{@value #CLUSTER_DNS} ← the upstream service's ClusterIP from its {@code _SERVICE_HOST}
 *       env;
 *   <li>{@value #UPSTREAM_SERVERS} ← the ConfigMap's {@code upstreamNameservers} (asked over UDP: a
 *       {@code force_tcp} block around the placeholder is undone), else the profile's servers for
 *       the node's resolv.conf;
 *   <li>{@value #LOCAL_DNS} ← the node-local addresses of {@code -localip} in a {@code bind} line
 *       (both families' on a dual-stack node), the first of them elsewhere ({@code health});
 *   <li>{@value #DNS_SERVER} ← the ClusterIPs of {@code -localip} the mode binds, likewise;
 *       otherwise (IPVS) the token is dropped from {@code bind} lines, and that is logged once;
 *   <li>each stub domain of the ConfigMap is appended as its own server block, after the base, so
 *       the base's line numbers stay the same in messages; one for a zone the base serves itself is
 *       dropped, as {@link KubeDnsConfigValidator} drops a bad entry.
 * </ul>
 *
 * A placeholder whose source is missing is an error only when the base Corefile uses it.
 */
public final class CorefileTemplater {
  public static final String CLUSTER_DNS = "__PILLAR__CLUSTER__DNS__";
  public static final String UPSTREAM_SERVERS = "__PILLAR__UPSTREAM__SERVERS__";
  public static final String LOCAL_DNS = "__PILLAR__LOCAL__DNS__";
  public static final String DNS_SERVER = "__PILLAR__DNS__SERVER__";

  /** The stub domain blocks' cache TTL, as upstream's. */
  static final int STUB_CACHE_TTL = 30;

  private static final String ROOT_ZONE = ".";
  private static final Pattern BIND_LINE = Pattern.compile("\\s*bind\\b");
  private static final Pattern DNS_SERVER_IN_BIND =
      Pattern.compile("(?m)^(\\s*bind\\b.*?)[ \\t]*" + Pattern.quote(DNS_SERVER));

  /**
   * The manifest's TCP upstream block, which custom upstream nameservers turn to UDP, as
   * upstream's.
   */
  private static final Pattern TCP_UPSTREAM_BLOCK =
      Pattern.compile(
          "forward[ \\t]+\\.[ \\t]+"
              + Pattern.quote(UPSTREAM_SERVERS)
              + "[ \\t]*\\{\\s*force_tcp\\s*}");

  private static final Logger LOG = Logger.getLogger(CorefileTemplater.class.getName());

  private final Path base;
  private final KubeDnsConfigReader kubeDns;
  private final TemplateValues values;
  private boolean droppedDnsServerNoted;
  private final Set<InetAddress> droppedClusterIpsNoted = new HashSet<>();

  public CorefileTemplater(Path base, KubeDnsConfigReader kubeDns, TemplateValues values) {
    this.base = base;
    this.kubeDns = kubeDns;
    this.values = values;
  }

  /**
   * The Corefile to serve now.
   *
   * @throws TemplateException if the base cannot be read or a placeholder it uses has no source
   * @throws io.nodelocaldns.runtime.corefile.CorefileException if the base is broken and stub
   *     domains had to be added to it
   */
  public synchronized String render() {
    String text = readBase();
    KubeDnsConfig config = kubeDns.read();
    Map<String, String> fill = new LinkedHashMap<>();
    if (text.contains(CLUSTER_DNS)) {
      String ip = values.env().get(values.clusterDnsEnvVar());
      if (ip == null || ip.isBlank()) {
        throw new TemplateException(
            CLUSTER_DNS
                + " needs the upstream service's ClusterIP in the environment variable "
                + values.clusterDnsEnvVar()
                + ", which is not set (is -upstreamsvc right?)");
      }
      fill.put(CLUSTER_DNS, ip.strip());
    }
    if (!config.upstreamNameservers().isEmpty()) {
      text = upstreamOverUdp(text);
    }
    if (text.contains(UPSTREAM_SERVERS)) {
      fill.put(UPSTREAM_SERVERS, upstreamServers(config));
    }
    List<InetAddress> boundClusterIps =
        values.localIps().clusterIps().stream().filter(values.listenAddresses()::contains).toList();
    if (boundClusterIps.isEmpty() && text.contains(DNS_SERVER)) {
      text = dropDnsServerFromBind(text);
    }
    text = fillAddresses(text, values.localIps().nodeLocal(), boundClusterIps);
    text = dropUnboundClusterIpsFromBind(text);
    String filled = replace(text, fill);
    return config.stubDomains().isEmpty() ? filled : filled + stubBlocks(filled, config);
  }

  /**
   * A hash of every input that can change while the agent runs: the base and the ConfigMap files.
   */
  public String inputsHash() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(readBaseBytes().orElse(new byte[0]));
      for (Optional<byte[]> file : kubeDns.contents()) {
        digest.update(file.isPresent() ? (byte) 1 : (byte) 0);
        file.ifPresent(
            bytes -> {
              digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
              digest.update(bytes);
            });
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  private String upstreamServers(KubeDnsConfig config) {
    if (!config.upstreamNameservers().isEmpty()) {
      return String.join(" ", config.upstreamNameservers());
    }
    try {
      return values.upstreamServers().get().stream()
          .map(InetAddress::getHostAddress)
          .collect(Collectors.joining(" "));
    } catch (IllegalArgumentException e) { // resolv.conf unreadable or empty: the message names it
      throw new TemplateException(UPSTREAM_SERVERS + ": " + e.getMessage(), e);
    }
  }

  /**
   * The ConfigMap's own upstream nameservers are asked over UDP, as the upstream agent does: a
   * {@code forward . __PILLAR__UPSTREAM__SERVERS__ { force_tcp }} loses its {@code force_tcp}. The
   * lines it took stay (empty), so messages keep naming the base's line numbers.
   */
  private static String upstreamOverUdp(String text) {
    Matcher m = TCP_UPSTREAM_BLOCK.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      String newlines = "\n".repeat((int) m.group().chars().filter(c -> c == '\n').count());
      m.appendReplacement(
          out, Matcher.quoteReplacement("forward . " + UPSTREAM_SERVERS + newlines));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String dropDnsServerFromBind(String text) {
    String dropped = DNS_SERVER_IN_BIND.matcher(text).replaceAll("$1");
    if (!droppedDnsServerNoted && !dropped.equals(text)) {
      droppedDnsServerNoted = true;
      LOG.info(
          () ->
              "this mode does not bind the kube-dns ClusterIP: dropped "
                  + DNS_SERVER
                  + " from the bind lines of "
                  + base);
    }
    return dropped;
  }

  /**
   * A ClusterIP of {@code -localip} that the mode does not bind, written literally in a {@code
   * bind} line (the iptables instructions' {@code sed} puts it there), goes too: {@code --mode
   * auto} on an IPVS node serves the link-local address only, and kube-proxy holds the ClusterIP.
   */
  private String dropUnboundClusterIpsFromBind(String text) {
    if (values.listenAddresses().isEmpty()) {
      return text; // local mode: bind lines are left as written
    }
    String out = text;
    for (InetAddress ip : values.localIps().clusterIps()) {
      if (values.listenAddresses().contains(ip)) {
        continue;
      }
      Pattern literal =
          Pattern.compile(
              "(?m)^(\\s*bind\\b.*?)[ \\t]+" + Pattern.quote(ip.getHostAddress()) + "(?=[ \\t]|$)");
      String dropped = literal.matcher(out).replaceAll("$1");
      if (!dropped.equals(out) && droppedClusterIpsNoted.add(ip)) {
        LOG.info(
            () ->
                "this mode does not bind "
                    + ip.getHostAddress()
                    + ": dropped it from the bind lines of "
                    + base);
      }
      out = dropped;
    }
    return out;
  }

  /**
   * {@value #LOCAL_DNS} and {@value #DNS_SERVER}, line by line so messages keep the base's line
   * numbers. In a {@code bind} line each stands for all its addresses (both families on a
   * dual-stack node); elsewhere, e.g. {@code health __PILLAR__LOCAL__DNS__:8080}, for the first, in
   * brackets when an IPv6 address precedes a port.
   */
  static String fillAddresses(
      String text, List<InetAddress> nodeLocal, List<InetAddress> clusterIps) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      boolean bind = BIND_LINE.matcher(lines[i]).lookingAt();
      lines[i] = fillOne(lines[i], LOCAL_DNS, nodeLocal, bind);
      lines[i] = fillOne(lines[i], DNS_SERVER, clusterIps, bind);
    }
    return String.join("\n", lines);
  }

  private static String fillOne(
      String line, String placeholder, List<InetAddress> ips, boolean bind) {
    if (ips.isEmpty() || !line.contains(placeholder)) {
      return line;
    }
    if (bind) {
      return line.replace(
          placeholder, ips.stream().map(IpLiterals::text).collect(Collectors.joining(" ")));
    }
    InetAddress first = ips.get(0);
    String host = IpLiterals.text(first);
    String hostPort = first instanceof Inet6Address ? "[" + host + "]" : host;
    // the Kubernetes docs' IPv6 advice writes [__PILLAR__LOCAL__DNS__]:8080 already
    return line.replace("[" + placeholder + "]", hostPort)
        .replace(placeholder + ":", hostPort + ":")
        .replace(placeholder, host);
  }

  /** Plain replacement, as upstream's: the values are IPs, never placeholders themselves. */
  private static String replace(String text, Map<String, String> fill) {
    String out = text;
    for (Map.Entry<String, String> entry : fill.entrySet()) {
      out = out.replace(entry.getKey(), entry.getValue());
    }
    return out;
  }

  /**
   * One block per stub domain, listening and reporting as the base's root block does; a stub domain
   * for a zone the base serves itself is dropped (CoreDNS would refuse the zone defined twice).
   */
  private String stubBlocks(String filled, KubeDnsConfig config) {
    List<ServerConfig> servers = CorefileParser.parse(base.toString(), filled, Map.of()).servers();
    ServerConfig root =
        servers.stream()
            .filter(s -> s.zones().contains(ROOT_ZONE))
            .findFirst()
            .orElse(servers.get(0));
    Set<String> served =
        servers.stream().flatMap(s -> s.zones().stream()).collect(Collectors.toSet());
    StringBuilder out = new StringBuilder();
    for (StubDomain stub : kubeDns.unserved(config.stubDomains(), served)) {
      out.append('\n').append(stub.domain()).append(':').append(root.port()).append(" {\n");
      out.append("    errors\n");
      out.append("    cache ").append(STUB_CACHE_TTL).append('\n');
      out.append("    reload\n");
      out.append("    loop\n");
      if (!BindConfig.of(root).addresses().isEmpty()) {
        out.append("    bind ")
            .append(
                BindConfig.of(root).addresses().stream()
                    .map(InetAddress::getHostAddress)
                    .collect(Collectors.joining(" ")))
            .append('\n');
      }
      out.append("    forward . ").append(String.join(" ", stub.servers())).append('\n');
      root.get(PrometheusConfig.class)
          .map(PrometheusConfig::address)
          .ifPresent(
              address -> out.append("    prometheus ").append(hostPort(address)).append('\n'));
      out.append("}\n");
    }
    return out.toString();
  }

  private static String hostPort(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    if (ip == null || ip.isAnyLocalAddress()) {
      return ":" + address.getPort();
    }
    String host = ip.getHostAddress();
    return (ip instanceof Inet6Address ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  private String readBase() {
    return readBaseBytes()
        .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
        .orElseThrow(
            () ->
                new TemplateException(
                    "cannot read the base Corefile " + base + " (-basecorefile)"));
  }

  private Optional<byte[]> readBaseBytes() {
    try {
      return Optional.of(Files.readAllBytes(base));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
