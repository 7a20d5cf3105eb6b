package io.nodelocaldns.modes.agent;

import io.nodelocaldns.modes.mode.LocalIps;
import io.nodelocaldns.modes.mode.ModeChoice;
import io.nodelocaldns.modes.node.LinkType;
import io.nodelocaldns.runtime.corefile.Addresses;
import io.nodelocaldns.runtime.corefile.Durations;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The agent's flags: the upstream node-cache's (single dash, Go syntax) and ours (double dash).
 * {@link #parse} builds a fresh {@link AgentConfig} per call; nothing global is touched.
 */
public final class AgentFlags {
  public static final String DEFAULT_CONF = "/etc/Corefile";
  public static final String DEFAULT_BASE_COREFILE = "/etc/coredns/Corefile.base";
  public static final String DEFAULT_UPSTREAM_SERVICE = "kube-dns-upstream";
  public static final String DEFAULT_KUBE_DNS_CONFIG_DIR = "/etc/kube-dns";
  public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(60);
  public static final int DEFAULT_HEALTH_PORT = 8080;
  public static final String DEFAULT_INTERFACE = "nodelocaldns";
  public static final String DEFAULT_VPC_RESOLVER = "169.254.169.253";
  private static final int MAX_PORT = 65535;

  /** Upstream flags we accept and do not use; each gets a one-line notice. */
  private static final List<String> IGNORED =
      List.of("metrics-listen-address", "reloadwithsignal", "quiet");

  /** What a command line asked for: a configuration, or the help. */
  public sealed interface Request {}

  /** Run the agent with {@code config}; {@code notices} are one-line warnings for the log. */
  public record Run(AgentConfig config, List<String> notices) implements Request {}

  /** Print {@link #usage()}. */
  public record Help() implements Request {}

  private final GoFlags flags =
      new GoFlags()
          .define(
              value(
                  "localip",
                  "-",
                  "IP[,IP]",
                  "",
                  "the addresses to serve on, comma separated: the node-local IP (169.254.20.10) and, in iptables mode, "
                      + "the kube-dns ClusterIP; dual-stack: both families' (169.254.20.10,10.96.0.10,fd00::10,fd00:10:96::a;"
                      + " the first IPv6 one is node-local); required unless --mode local"))
          .define(
              value(
                  "conf",
                  "-",
                  "FILE",
                  DEFAULT_CONF,
                  "the Corefile the agent writes from the template and serves"))
          .define(
              value(
                  "basecorefile",
                  "-",
                  "FILE",
                  DEFAULT_BASE_COREFILE,
                  "the Corefile template, with __PILLAR__ placeholders"))
          .define(
              value(
                  "upstreamsvc",
                  "-",
                  "NAME",
                  DEFAULT_UPSTREAM_SERVICE,
                  "the service whose ClusterIP (env NAME_SERVICE_HOST) fills __PILLAR__CLUSTER__DNS__"))
          .define(
              value(
                  "kubednscm",
                  "-",
                  "DIR",
                  DEFAULT_KUBE_DNS_CONFIG_DIR,
                  "the kube-dns ConfigMap's mount (stubDomains, upstreamNameservers); absent is fine"))
          .define(
              bool("setupinterface", "-", true, "create the link and its addresses, and keep them"))
          .define(
              bool("setupiptables", "-", true, "install the NOTRACK/ACCEPT rules, and keep them"))
          .define(bool("skipteardown", "-", false, "leave the link and rules in place on exit"))
          .define(
              value(
                  "syncinterval",
                  "-",
                  "DURATION",
                  "1m0s",
                  "how often the link and rules are checked and put back"))
          .define(
              value(
                  "health-port",
                  "-",
                  "PORT",
                  Integer.toString(DEFAULT_HEALTH_PORT),
                  "the health port, NOTRACKed on the local IPs as the upstream agent does"))
          .define(
              value(
                  "interfacename",
                  "-",
                  "NAME",
                  DEFAULT_INTERFACE,
                  "the link the local IPs are put on"))
          .define(
              value(
                  "pidfile",
                  "-",
                  "FILE",
                  "",
                  "write the process id here once serving; removed on exit"))
          .define(
              value(
                  "metrics-listen-address",
                  "-",
                  "ADDR",
                  "",
                  "accepted and ignored: metrics are served where the Corefile's prometheus says"))
          .define(
              bool(
                  "reloadwithsignal",
                  "-",
                  false,
                  "accepted and ignored: the agent reloads the Corefile itself"))
          .define(
              bool(
                  "quiet",
                  "-",
                  false,
                  "accepted and ignored: CoreDNS's flag to leave out its start-up banner (lablabs'"
                      + " chart passes it)"))
          .define(
              value(
                  "mode",
                  "--",
                  Choices.valid(ModeChoice.class, ModeChoice::word).replace(", ", "|"),
                  "auto",
                  "how pods' DNS reaches the cache; auto: iptables when -localip holds a ClusterIP, else ipvs"))
          .define(
              value(
                  "profile",
                  "--",
                  Choices.valid(ProfileName.class, ProfileName::word).replace(", ", "|"),
                  "generic",
                  "the cluster type; eks sends external names to the VPC resolver"))
          .define(
              value(
                  "vpc-resolver",
                  "--",
                  "IP",
                  DEFAULT_VPC_RESOLVER,
                  "the VPC resolver (eks profile)"))
          .define(
              value(
                  "link-type",
                  "--",
                  Choices.valid(LinkType.class, LinkType::ipLinkType).replace(", ", "|"),
                  "dummy",
                  "the kind of link; bridge where the kernel has no dummy driver"))
          .define(
              bool(
                  "dry-run",
                  "--",
                  false,
                  "print the templated Corefile and every node command, change nothing, exit"))
          .alias("corefile", "conf");

  private static GoFlags.Flag value(
      String name, String dashes, String valueName, String def, String usage) {
    return new GoFlags.Flag(name, dashes, false, valueName, def, usage);
  }

  private static GoFlags.Flag bool(String name, String dashes, boolean def, String usage) {
    return new GoFlags.Flag(name, dashes, true, "", Boolean.toString(def), usage);
  }

  /**
   * Reads a command line.
   *
   * @throws UsageException one line naming the flag and what it takes
   */
  public Request parse(String[] args) throws UsageException {
    GoFlags.Parsed parsed = flags.parse(args);
    if (parsed.help()) {
      return new Help();
    }
    List<String> notices = new ArrayList<>();
    for (String ignored : IGNORED) {
      parsed
          .value(ignored)
          .ifPresent(
              v -> notices.add("-" + ignored + " is accepted for compatibility and ignored"));
    }
    ModeChoice mode =
        Choices.parse(
            "--mode", parsed.value("mode").orElse("auto"), ModeChoice.class, ModeChoice::word);
    Optional<LocalIps> localIps = localIps(parsed.value("localip"));
    if (localIps.isEmpty() && mode != ModeChoice.LOCAL) {
      throw new UsageException(
          "-localip is required (e.g. -localip 169.254.20.10,10.96.0.10) unless --mode local");
    }
    AgentConfig config =
        new AgentConfig(
            localIps,
            Path.of(parsed.value("conf").orElse(DEFAULT_CONF)),
            Path.of(parsed.value("basecorefile").orElse(DEFAULT_BASE_COREFILE)),
            parsed.value("upstreamsvc").orElse(DEFAULT_UPSTREAM_SERVICE),
            Path.of(parsed.value("kubednscm").orElse(DEFAULT_KUBE_DNS_CONFIG_DIR)),
            bool(parsed, "setupinterface"),
            bool(parsed, "setupiptables"),
            bool(parsed, "skipteardown"),
            syncInterval(parsed.value("syncinterval")),
            port(
                "-health-port",
                parsed.value("health-port").orElse(Integer.toString(DEFAULT_HEALTH_PORT))),
            name("-interfacename", parsed.value("interfacename").orElse(DEFAULT_INTERFACE)),
            parsed.value("pidfile").filter(p -> !p.isEmpty()).map(Path::of),
            mode,
            ProfileName.parse("--profile", parsed.value("profile").orElse("generic")),
            ip("--vpc-resolver", parsed.value("vpc-resolver").orElse(DEFAULT_VPC_RESOLVER)),
            Choices.parse(
                "--link-type",
                parsed.value("link-type").orElse("dummy"),
                LinkType.class,
                LinkType::ipLinkType),
            bool(parsed, "dry-run"));
    return new Run(config, notices);
  }

  /** Each flag with what it takes, what it does and its default. */
  public String usage() {
    return flags.usage();
  }

  private boolean bool(GoFlags.Parsed parsed, String name) {
    return Boolean.parseBoolean(parsed.value(name).orElse(flags.flag(name).defaultText()));
  }

  private static Optional<LocalIps> localIps(Optional<String> value) throws UsageException {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    List<InetAddress> ips = new ArrayList<>();
    // commas as upstream's; spaces too: a pillar sed with "169.254.20.10 fd00::10" leaves them
    for (String part : value.get().split("[,\\s]+", -1)) {
      String ip = part.strip();
      if (ip.isEmpty()) {
        continue; // the IPVS instructions' sed leaves a trailing comma; upstream tolerates it too
      }
      ips.add(ip("-localip", ip));
    }
    if (ips.isEmpty()) {
      throw new UsageException(
          "-localip: no address in \"" + value.get() + "\" (expected: a comma list of IPs)");
    }
    return Optional.of(new LocalIps(ips));
  }

  private static InetAddress ip(String flag, String value) throws UsageException {
    Optional<InetAddress> ip = Addresses.ip(value);
    if (ip.isEmpty()) {
      throw new UsageException(
          flag + ": invalid IP address \"" + value + "\" (expected e.g. 169.254.20.10 or fd00::a)");
    }
    return ip.get();
  }

  private static Duration syncInterval(Optional<String> value) throws UsageException {
    if (value.isEmpty()) {
      return DEFAULT_SYNC_INTERVAL;
    }
    Duration interval;
    try {
      interval = Durations.parse(value.get());
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "-syncinterval: invalid duration \""
              + value.get()
              + "\" (expected a Go duration such as 1m0s, 30s or 500ms)");
    }
    if (!interval.isPositive()) {
      throw new UsageException(
          "-syncinterval: " + value.get() + " (expected: a positive duration such as 1m0s)");
    }
    return interval;
  }

  private static int port(String flag, String value) throws UsageException {
    try {
      int port = Integer.parseInt(value);
      if (port >= 1 && port <= MAX_PORT) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(
        flag + ": invalid port \"" + value + "\" (expected: 1-" + MAX_PORT + ")");
  }

  private static String name(String flag, String value) throws UsageException {
    if (value.isEmpty() || value.length() > 15 || !value.matches("[A-Za-z0-9_.-]+")) {
      throw new UsageException(
          flag
              + ": invalid interface name \""
              + value
              + "\" (expected: 1-15 letters, digits, '.', '_' or '-')");
    }
    return value;
  }
}
