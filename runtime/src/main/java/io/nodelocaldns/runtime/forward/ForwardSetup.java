package io.nodelocaldns.runtime.forward;

import io.nodelocaldns.runtime.corefile.Addresses;
import io.nodelocaldns.runtime.corefile.Args;
import io.nodelocaldns.runtime.corefile.Directive;
import io.nodelocaldns.runtime.forward.ForwardConfig.HealthProbe;
import io.nodelocaldns.runtime.forward.ForwardConfig.Policy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code forward FROM TO...} and its block, with the CoreDNS forward plugin's semantics:
 *
 * <pre>
 * forward FROM TO... {        # TO: IP, IP:PORT, [IPv6]:PORT, dns://IP[:PORT] or a resolv.conf
 *     except ZONES...
 *     force_tcp | prefer_udp
 *     policy random|round_robin|sequential
 *     max_fails N
 *     health_check DURATION [no_rec] [domain NAME]
 *     expire DURATION
 *     max_concurrent N
 * }
 * </pre>
 */
public final class ForwardSetup {
  public static final Policy DEFAULT_POLICY = Policy.RANDOM;

  /**
   * Queries in flight per {@code forward} unless the Corefile says otherwise (CoreDNS has no
   * default limit). Each in-flight UDP query holds a socket: without a bound, a flood of misses to
   * an unresponsive upstream exhausts the process's file descriptors. 1,000 is far above what a
   * node's pods keep in flight against a healthy upstream (milliseconds per query); {@code
   * max_concurrent 0} removes the limit.
   */
  public static final int DEFAULT_MAX_CONCURRENT = 1000;

  static final String EXCEPT = "except";
  static final String FORCE_TCP = "force_tcp";
  static final String PREFER_UDP = "prefer_udp";
  static final String POLICY = "policy";
  static final String MAX_FAILS = "max_fails";
  static final String HEALTH_CHECK = "health_check";
  static final String EXPIRE = "expire";
  static final String MAX_CONCURRENT = "max_concurrent";
  static final List<String> OPTIONS =
      List.of(
          EXCEPT, FORCE_TCP, PREFER_UDP, POLICY, MAX_FAILS, HEALTH_CHECK, EXPIRE, MAX_CONCURRENT);

  /** CoreDNS options this implementation does not have, with the reason given to the user. */
  static final Map<String, String> UNSUPPORTED =
      Map.of(
          "tls", "DNS over TLS upstreams are not implemented",
          "tls_servername", "DNS over TLS upstreams are not implemented",
          "next", "forwarding to the next handler on an rcode is not implemented",
          "failover", "forwarding to the next handler on an rcode is not implemented",
          "failfast_all_unhealthy_upstreams", "all upstreams are always tried");

  private static final String DNS_SCHEME = "dns";
  private static final String SCHEME_SEPARATOR = "://";

  private ForwardSetup() {}

  public static ForwardConfig parse(Directive directive) {
    Args args = Args.of(directive).count(2, Integer.MAX_VALUE, "forward FROM TO...");
    String from = args.zone(0);
    List<InetSocketAddress> upstreams = new ArrayList<>();
    for (int i = 1; i < args.size(); i++) {
      upstreams.addAll(upstreams(args, i));
    }
    if (upstreams.size() > ForwardConfig.MAX_UPSTREAMS) {
      throw args.error(
          "at most "
              + ForwardConfig.MAX_UPSTREAMS
              + " upstreams are allowed (as in CoreDNS), got "
              + upstreams.size());
    }
    return new Options(args, from, upstreams).read();
  }

  /** One TO argument: an address, or a resolv.conf file's name servers. */
  private static List<InetSocketAddress> upstreams(Args args, int index) {
    String to = args.get(index);
    String target = to;
    int separator = to.indexOf(SCHEME_SEPARATOR);
    if (separator >= 0) {
      String scheme = to.substring(0, separator).toLowerCase(Locale.ROOT);
      if (!scheme.equals(DNS_SCHEME)) {
        throw args.error(
            scheme
                + ":// upstreams are not supported, got \""
                + to
                + "\" (expected IP[:PORT], dns://IP[:PORT] or a resolv.conf file)");
      }
      target = to.substring(separator + SCHEME_SEPARATOR.length());
    }
    Optional<InetSocketAddress> address;
    try {
      address = Addresses.ipAndPort(target, ForwardConfig.DEFAULT_PORT);
    } catch (IllegalArgumentException e) {
      throw args.error(e.getMessage());
    }
    if (address.isPresent()) {
      return List.of(address.get());
    }
    if (separator < 0 && isFile(target)) {
      try {
        List<InetSocketAddress> servers = new ArrayList<>();
        for (InetAddress ip : ResolvConf.nameservers(Path.of(target))) {
          servers.add(new InetSocketAddress(ip, ForwardConfig.DEFAULT_PORT));
        }
        return servers;
      } catch (IllegalArgumentException e) {
        throw args.error(e.getMessage());
      }
    }
    throw args.error(
        "\""
            + to
            + "\" is not an upstream (expected IP, IP:PORT, [IPv6]:PORT, dns://IP[:PORT] or the"
            + " path of a resolv.conf file)");
  }

  /** A path, as CoreDNS decides: written as one, or naming a file that exists. */
  private static boolean isFile(String target) {
    if (target.startsWith("/") || target.startsWith(".")) {
      return true;
    }
    try {
      return Files.exists(Path.of(target));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /** The block's options as they are read; becomes the immutable {@link ForwardConfig}. */
  private static final class Options {
    private final Args args;
    private final String from;
    private final List<InetSocketAddress> upstreams;
    private final List<String> except = new ArrayList<>();
    private boolean forceTcp;
    private boolean preferUdp;
    private Policy policy = DEFAULT_POLICY;
    private int maxFails = ForwardConfig.DEFAULT_MAX_FAILS;
    private Duration healthCheck = ForwardConfig.DEFAULT_HEALTH_CHECK;
    private Duration expire = ForwardConfig.DEFAULT_EXPIRE;
    private int maxConcurrent = DEFAULT_MAX_CONCURRENT;
    private HealthProbe healthProbe = HealthProbe.DEFAULT;

    Options(Args args, String from, List<InetSocketAddress> upstreams) {
      this.args = args;
      this.from = from;
      this.upstreams = upstreams;
    }

    ForwardConfig read() {
      for (Directive line : args.block()) {
        Args option = args.option(line).noBlock();
        switch (line.name()) {
          case EXCEPT -> except(option);
          case FORCE_TCP -> forceTcp = flag(option, PREFER_UDP, preferUdp);
          case PREFER_UDP -> preferUdp = flag(option, FORCE_TCP, forceTcp);
          case POLICY -> policy = policy(option);
          case MAX_FAILS -> maxFails = option.count(1, 1, "max_fails N").nonNegativeInt(0, "N");
          case HEALTH_CHECK -> healthCheck(option);
          case EXPIRE ->
              expire =
                  option
                      .count(1, 1, "expire DURATION")
                      .durationAtLeast(0, "duration", Duration.ZERO);
          case MAX_CONCURRENT ->
              maxConcurrent = option.count(1, 1, "max_concurrent N").nonNegativeInt(0, "N");
          default -> {
            String why = UNSUPPORTED.get(line.name());
            throw why != null
                ? args.unsupportedOption(line, why)
                : args.unknownOption(line, OPTIONS);
          }
        }
      }
      return new ForwardConfig(
          from,
          upstreams,
          except,
          forceTcp,
          preferUdp,
          policy,
          maxFails,
          healthCheck,
          expire,
          maxConcurrent,
          healthProbe);
    }

    private void except(Args option) {
      option.count(1, Integer.MAX_VALUE, "except ZONES...");
      for (String zone : option.zones(0)) {
        if (!except.contains(zone)) {
          except.add(zone);
        }
      }
    }

    /** {@code force_tcp} or {@code prefer_udp}: no arguments, and not both. */
    private static boolean flag(Args option, String other, boolean otherSet) {
      option.none();
      if (otherSet) {
        throw option.error("cannot be combined with " + other + " (choose one transport rule)");
      }
      return true;
    }

    private static Policy policy(Args option) {
      option.count(1, 1, "policy random|round_robin|sequential");
      String value = option.oneOf(0, "policy", List.of("random", "round_robin", "sequential"));
      return Policy.valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** {@code health_check DURATION [no_rec] [domain NAME]}: how often and what probes ask. */
    private void healthCheck(Args option) {
      String usage = "health_check DURATION [no_rec] [domain NAME]";
      option.count(1, 4, usage);
      healthCheck = option.positiveDuration(0, "duration");
      boolean recursionDesired = true;
      String domain = HealthProbe.DEFAULT.domain();
      for (int i = 1; i < option.size(); i++) {
        switch (option.get(i)) {
          case "no_rec" -> recursionDesired = false;
          case "domain" -> {
            if (i + 1 >= option.size()) {
              throw option.error("domain needs a NAME (" + usage + ")");
            }
            domain = option.zone(++i);
          }
          default ->
              throw option.error(
                  "unknown option \"" + option.get(i) + "\" (expected no_rec or domain NAME)");
        }
      }
      healthProbe = new HealthProbe(recursionDesired, domain);
    }
  }
}
