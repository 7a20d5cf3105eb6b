package io.nodelocaldns.runtime.forward;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * {@code forward FROM TO... { except ...; force_tcp; prefer_udp; policy ...; max_fails N;
 * health_check DURATION [no_rec] [domain NAME]; expire DURATION; max_concurrent N }}, with
 * CoreDNS's defaults.
 *
 * @param from the normalised zone forwarded ({@code "."} for everything)
 * @param upstreams where to, in the order written (a resolv.conf path expanded to its nameservers)
 * @param except normalised zones not forwarded
 * @param maxFails consecutive failures after which an upstream counts as down; 0 never
 * @param healthCheck interval of the health probe sent to an upstream after it failed
 * @param expire how long an idle TCP connection to an upstream is kept
 * @param maxConcurrent the most queries forwarded at once; excess is REFUSED; 0 no limit
 * @param healthProbe what the health probe asks ({@code health_check ... [no_rec] [domain NAME]})
 */
public record ForwardConfig(
    String from,
    List<InetSocketAddress> upstreams,
    List<String> except,
    boolean forceTcp,
    boolean preferUdp,
    Policy policy,
    int maxFails,
    Duration healthCheck,
    Duration expire,
    int maxConcurrent,
    HealthProbe healthProbe) {

  public static final int DEFAULT_PORT = 53;
  public static final int MAX_UPSTREAMS = 15;
  public static final int DEFAULT_MAX_FAILS = 2;
  public static final Duration DEFAULT_HEALTH_CHECK = Duration.ofMillis(500);
  public static final Duration DEFAULT_EXPIRE = Duration.ofSeconds(10);

  public ForwardConfig {
    upstreams = List.copyOf(upstreams);
    except = List.copyOf(except);
  }

  /**
   * The question a health probe asks: {@code DOMAIN IN NS}, with RD unless {@code no_rec}.
   *
   * @param domain a normalised domain name; CoreDNS's default is the root
   */
  public record HealthProbe(boolean recursionDesired, String domain) {
    public static final HealthProbe DEFAULT = new HealthProbe(true, ".");
  }

  /** How the next upstream is chosen; CoreDNS's {@code policy} values. */
  public enum Policy {
    RANDOM,
    ROUND_ROBIN,
    SEQUENTIAL
  }
}
