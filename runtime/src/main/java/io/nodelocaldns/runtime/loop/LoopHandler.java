package io.nodelocaldns.runtime.loop;

import io.nodelocaldns.runtime.plugin.DnsHandler;
import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.FatalLevel;
import io.nodelocaldns.runtime.plugin.Request;
import io.nodelocaldns.runtime.plugin.Transport;
import io.nodelocaldns.runtime.wire.Rcode;
import io.nodelocaldns.runtime.wire.Responses;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The {@code loop} directive, as CoreDNS's loop plugin: it sits just before {@code forward}, knows
 * the probe names its {@link LoopDetector} sends ({@code <random>.<random>.<zone>}, type HINFO),
 * and counts how often they reach it. Seen more than twice, the probe has come back through the
 * forwarders: the block forwards to itself. It then logs CoreDNS's message at {@code [FATAL]} and
 * calls the runtime's fatal callback, which ends the process.
 *
 * <p>Two differences from CoreDNS, both because {@code forward} merges identical questions in
 * flight (so a looping probe comes back once per probe, not endlessly):
 *
 * <ul>
 *   <li>each retry of the detector asks a new name ({@code <same random>.<new random>.<zone>}), so
 *       an answer cached from the last try (a SERVFAIL) cannot hide the next from us;
 *   <li>the detector's own queries count as one sighting however often it retries; every arrival
 *       from anywhere else is the probe coming back. An upstream that fails can thus never make a
 *       loop out of retries, and two returns (the third sighting) are a loop.
 * </ul>
 *
 * <p>After probing the handler is disabled and passes everything on, so that a stray query for a
 * probe name can never stop the process later (CoreDNS's "query of death" guard).
 */
public final class LoopHandler implements DnsHandler {

  /** CoreDNS halts when it has seen its probe more than this many times. */
  public static final int MAX_SIGHTINGS = 2;

  public static final String TROUBLESHOOTING = "https://coredns.io/plugins/loop#troubleshooting";

  static final int TYPE_HINFO = 13;
  private static final Logger LOG = Logger.getLogger(LoopHandler.class.getName());

  private final String zone;
  private final String firstLabel;
  private final DnsHandler next;
  private final Consumer<String> onFatal;
  private final Set<String> probeNames = ConcurrentHashMap.newKeySet();
  private final AtomicInteger sightings = new AtomicInteger();
  private final AtomicInteger probesAsked = new AtomicInteger();
  private final AtomicBoolean proberSeen = new AtomicBoolean();
  private final AtomicBoolean detected = new AtomicBoolean();
  private volatile boolean disabled;
  private volatile InetSocketAddress prober;
  private volatile String probedAddress = "";

  /**
   * @param zone the normalised zone the block serves first (CoreDNS: its first server block key)
   * @param onFatal told the message once a loop is seen
   */
  public LoopHandler(String zone, DnsHandler next, Consumer<String> onFatal) {
    this.zone = Objects.requireNonNull(zone, "zone");
    this.next = Objects.requireNonNull(next, "next");
    this.onFatal = Objects.requireNonNull(onFatal, "onFatal");
    this.firstLabel = randomLabel();
  }

  @Override
  public String name() {
    return LoopPlugin.NAME;
  }

  @Override
  public CompletionStage<DnsResponse> serve(Request request) {
    if (disabled
        || request.query().qtype() != TYPE_HINFO
        || !probeNames.contains(request.query().lowerName())) {
      return next.serve(request);
    }
    if (countSighting(request) > MAX_SIGHTINGS && detected.compareAndSet(false, true)) {
      disabled = true;
      String message = message(request);
      LOG.log(FatalLevel.FATAL, message);
      onFatal.accept(message);
    }
    if (detected.get()) {
      // the process is ending: stop feeding the loop
      return CompletableFuture.completedFuture(
          DnsResponse.failed(
              Responses.error(request.query(), Rcode.SERVFAIL),
              LoopPlugin.NAME + ": forwarding loop detected"));
    }
    return next.serve(request);
  }

  private int countSighting(Request request) {
    InetSocketAddress from = request.client();
    if (request.transport() == Transport.UDP && sameEndpoint(from, prober)) {
      // the detector asking (again): one sighting in all, as a client's retransmission is
      return proberSeen.compareAndSet(false, true) ? sightings.incrementAndGet() : sightings.get();
    }
    return sightings.incrementAndGet();
  }

  /** CoreDNS's words, so that its troubleshooting guide and existing alerts apply. */
  private String message(Request request) {
    return "plugin/loop: Loop ("
        + hostPort(request.client())
        + " -> "
        + probedAddress
        + ") detected for zone \""
        + zone
        + "\", see "
        + TROUBLESHOOTING
        + ". Query: \"HINFO "
        + request.query().name()
        + "\"";
  }

  /**
   * Before probing: where the detector's queries come from, and the address it probes as CoreDNS
   * names it in the message ({@code :1053} for every address, else {@code 127.0.0.1:1053}).
   */
  public void probing(InetSocketAddress from, String address) {
    this.prober = from;
    this.probedAddress = address;
  }

  /** A fresh probe name, {@code <random>.<random>.<zone>}, which this handler will recognise. */
  public String newProbeName() {
    String name = firstLabel + "." + randomLabel() + (zone.equals(".") ? "." : "." + zone);
    probeNames.add(name);
    probesAsked.incrementAndGet();
    return name;
  }

  /** From now on every query passes straight on; probe names are forgotten. */
  public void disable() {
    disabled = true;
    probeNames.clear();
  }

  public boolean isDisabled() {
    return disabled;
  }

  /** Whether a loop was seen (and reported). */
  public boolean loopDetected() {
    return detected.get();
  }

  /** How many probe names have been handed out, i.e. probes sent. */
  public int probesAsked() {
    return probesAsked.get();
  }

  /** How many times a probe has been seen, the detector's queries counting once. */
  public int sightings() {
    return sightings.get();
  }

  public String zone() {
    return zone;
  }

  /** A non-negative random number, as CoreDNS's {@code rand.Int()} labels. */
  private static String randomLabel() {
    return Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE));
  }

  private static boolean sameEndpoint(InetSocketAddress a, InetSocketAddress b) {
    if (a == null || b == null || a.getPort() != b.getPort()) {
      return false;
    }
    InetAddress x = a.getAddress();
    InetAddress y = b.getAddress();
    // an IPv4 socket's peer may be reported IPv4-mapped; loopback is loopback either way
    return Objects.equals(x, y)
        || (x != null && y != null && x.isLoopbackAddress() && y.isLoopbackAddress());
  }

  static String hostPort(InetSocketAddress address) {
    String host =
        address.getAddress() == null
            ? address.getHostString()
            : address.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }
}
