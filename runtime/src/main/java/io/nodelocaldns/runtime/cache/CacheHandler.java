package io.nodelocaldns.runtime.cache;

import io.nodelocaldns.runtime.plugin.DnsHandler;
import io.nodelocaldns.runtime.plugin.DnsResponse;
import io.nodelocaldns.runtime.plugin.HandlerFactory;
import io.nodelocaldns.runtime.plugin.Request;
import io.nodelocaldns.runtime.wire.CanonicalResponse;
import io.nodelocaldns.runtime.wire.DnsFlags;
import io.nodelocaldns.runtime.wire.DnsNames;
import io.nodelocaldns.runtime.wire.DnsQuery;
import io.nodelocaldns.runtime.wire.MalformedMessageException;
import io.nodelocaldns.runtime.wire.Rcode;
import io.nodelocaldns.runtime.wire.ResponseCanonicalizer;
import io.nodelocaldns.runtime.wire.ResponseRenderer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The {@code cache} directive: answers repeated questions from a {@link ResponseCache} with
 * CoreDNS's semantics, and asks the next handler otherwise.
 *
 * <ul>
 *   <li>Names outside the directive's zones go straight to the next handler.
 *   <li>A fresh hit is rendered for this client (its ID, its spelling of the name, its EDNS) with
 *       the TTLs aged by the whole seconds since the entry was stored, or kept with {@code
 *       keepttl}.
 *   <li>A miss asks the next handler; what can be cached is stored (see {@link StoragePolicy}) and
 *       the client gets the same capped TTL a later hit would show.
 *   <li>{@code prefetch} refreshes popular entries near expiry in the background; {@code
 *       serve_stale} answers from expired entries with TTL 0.
 * </ul>
 *
 * <p>Safe for concurrent use from several event loops. The hit path takes no locks: a cache lookup,
 * the rendered bytes and a completed future. Holds an Ehcache manager: {@link #close()} it when the
 * chain is discarded.
 */
public final class CacheHandler implements DnsHandler, AutoCloseable {
  /** The directive's name. */

  /** Starts a refresh on the calling thread: next handlers answer asynchronously anyway. */
  private static final Executor CALLER_RUNS = Runnable::run;

  private final DnsHandler next;
  private final Clock clock;
  private final Executor refreshExecutor;
  private final CacheEvents events;
  private final ResponseCache cache;
  private final StoragePolicy storage;
  private final PrefetchPolicy prefetch;
  private final CacheConfig.ServeStale serveStale;
  private final long staleForMillis;
  private final boolean keepTtl;
  private final String[] zones;

  private volatile Runnable onClose = () -> {};

  /** Keys with a background refresh in flight: one at a time per key. */
  private final Set<CacheKey> refreshing = ConcurrentHashMap.newKeySet();

  /** A cache whose background refreshes start on the thread that finds them due. */
  public CacheHandler(CacheConfig config, DnsHandler next, Clock clock) {
    this(config, next, clock, CALLER_RUNS, CacheEvents.NONE);
  }

  /**
   * @param config the parsed directive
   * @param next the rest of the chain
   * @param clock decides freshness; entries age by it alone
   * @param refreshExecutor starts prefetches and stale refreshes
   * @param events told of hits, misses, stale answers, prefetches and evictions
   */
  public CacheHandler(
      CacheConfig config,
      DnsHandler next,
      Clock clock,
      Executor refreshExecutor,
      CacheEvents events) {
    this(config, next, clock, refreshExecutor, events, null);
  }

  /**
   * As {@link #CacheHandler(CacheConfig, DnsHandler, Clock, Executor, CacheEvents)}, storing in
   * {@code memory}, which the runtime's caches share; {@code null}: a memory of its own.
   */
  public CacheHandler(
      CacheConfig config,
      DnsHandler next,
      Clock clock,
      Executor refreshExecutor,
      CacheEvents events,
      CacheMemory memory) {
    this.next = Objects.requireNonNull(next, "next");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.refreshExecutor = Objects.requireNonNull(refreshExecutor, "refreshExecutor");
    this.events = Objects.requireNonNull(events, "events");
    if (config.zones().isEmpty()) {
      throw new IllegalArgumentException("cache zones: [] (expected: at least one zone)");
    }
    this.zones = config.zones().stream().map(DnsNames::normalize).toArray(String[]::new);
    this.storage = new StoragePolicy(config);
    this.prefetch = PrefetchPolicy.of(config.prefetch());
    this.serveStale = config.serveStale().filter(s -> s.staleFor().toMillis() > 0).orElse(null);
    this.staleForMillis = serveStale == null ? 0 : serveStale.staleFor().toMillis();
    this.keepTtl = config.keepTtl();
    int success = config.success().capacity();
    int denial = config.denial().capacity();
    this.cache =
        memory == null
            ? new EhcacheResponseCache(success, denial, events)
            : memory.newCache(success, denial, events);
    events.entriesCountedBy(this::entries);
  }

  /** Builds a cache handler around the rest of the chain; each one owns its own store. */
  public static HandlerFactory factory(CacheConfig config, Clock clock) {
    return next -> new CacheHandler(config, next, clock);
  }

  @Override
  public String name() {
    return CachePlugin.NAME;
  }

  @Override
  public CompletionStage<DnsResponse> serve(Request request) {
    DnsQuery query = request.query();
    String name = query.lowerName();
    if (!inZones(name)) {
      return next.serve(request);
    }
    CacheKey key = CacheKey.of(query, name);
    long now = clock.millis();
    CacheEntry entry = cache.get(key);
    if (entry != null) {
      long secondsLeft = entry.secondsLeft(now);
      if (secondsLeft > 0) {
        return CompletableFuture.completedFuture(hit(request, key, entry, now, secondsLeft));
      }
      if (servableStale(entry, now)) {
        return stale(request, key, entry);
      }
      cache.remove(key, entry);
    }
    events.miss(request);
    return next.serve(request).thenApply(response -> answer(request, key, response));
  }

  /**
   * Every answer still fresh at {@code wallMillis}, for a warm restart. Expired entries, kept only
   * for {@code serve_stale}, stay behind: a restart never serves an answer past its TTL.
   */
  public List<CachedAnswer> freshAnswers(long wallMillis) {
    long now = clock.millis();
    List<CachedAnswer> fresh = new ArrayList<>();
    cache.forEach(
        (key, entry) -> {
          long secondsLeft = entry.secondsLeft(now);
          if (secondsLeft > 0) {
            fresh.add(
                new CachedAnswer(
                    entry.response().wire(),
                    key.dnssecOk(),
                    key.checkingDisabled(),
                    wallMillis + secondsLeft * 1000));
          }
        });
    return fresh;
  }

  /**
   * Stores an answer a predecessor had, unless this cache has one for its question already. It is
   * checked as an upstream answer is (a malformed one is refused), keyed by the question it
   * carries, placed by this block's own policy, and kept for the whole seconds it had left or this
   * block's cap, whichever is less: a restart never lengthens an answer's life.
   *
   * @return whether it was stored
   */
  public boolean restore(CachedAnswer answer, long wallMillis) {
    long secondsLeft = (answer.expiresAtMillis() - wallMillis) / 1000;
    if (secondsLeft <= 0) {
      return false;
    }
    CanonicalResponse response;
    StringBuilder name = new StringBuilder(64);
    int qtype;
    int qclass;
    try {
      response = ResponseCanonicalizer.canonicalize(answer.wire());
      byte[] wire = response.wire();
      int end = DnsNames.readUncompressed(wire, DnsFlags.HEADER_LENGTH, wire.length, name);
      if (DnsFlags.qdCount(wire) != 1 || end + 4 > wire.length) {
        return false;
      }
      qtype = DnsFlags.u16(wire, end);
      qclass = DnsFlags.u16(wire, end + 2);
    } catch (MalformedMessageException | ArrayIndexOutOfBoundsException e) {
      return false;
    }
    String lowerName = DnsNames.toLowerAscii(name.toString());
    if (!inZones(lowerName)) {
      return false;
    }
    StoragePolicy.Placement placement = storage.place(response, lowerName);
    if (placement == null || !placement.store()) {
      return false;
    }
    CacheKey key =
        new CacheKey(lowerName, qtype, qclass, answer.dnssecOk(), answer.checkingDisabled());
    if (cache.get(key) != null) {
      return false; // this agent asked already: its own answer is as new or newer
    }
    long now = clock.millis();
    long ttl = Math.min(secondsLeft, placement.ttl());
    cache.put(key, new CacheEntry(response, placement.tier(), ttl, now, HitCounter.starting(now)));
    return true;
  }

  /** Runs {@code action} when this cache closes (a reload retired its chain, or shutdown). */
  void onClose(Runnable action) {
    onClose = action;
  }

  /** Releases the store. */
  @Override
  public void close() {
    onClose.run();
    cache.close();
  }

  /** The store, for tests in this package. */
  ResponseCache cache() {
    return cache;
  }

  /**
   * How many entries {@code tier} holds now (CoreDNS's {@code coredns_cache_entries}). Walks the
   * tier: call it per scrape, not per query.
   */
  public int entries(CacheTier tier) {
    return cache.size(tier);
  }

  private boolean inZones(String name) {
    for (String zone : zones) {
      if (DnsNames.isInZone(name, zone)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code serve_stale} may answer from an expired entry: it expired less than the stale
   * window ago and holds data. An expired SERVFAIL is no data worth serving (RFC 8767 serves stale
   * data); asking again is the better answer.
   */
  private boolean servableStale(CacheEntry entry, long now) {
    return serveStale != null
        && entry.expiredForMillis(now) < staleForMillis
        && entry.response().kind() != CanonicalResponse.Kind.SERVER_ERROR;
  }

  private DnsResponse hit(
      Request request, CacheKey key, CacheEntry entry, long now, long secondsLeft) {
    events.hit(request, entry.tier());
    long ttl = keepTtl ? ResponseRenderer.KEEP_TTLS : secondsLeft;
    DnsResponse answer =
        DnsResponse.of(CachePlugin.NAME, render(entry.response(), request.query(), ttl));
    if (prefetch != null && prefetch.recordHit(entry, now, secondsLeft)) {
      refreshInBackground(request, key, entry);
    }
    return answer;
  }

  private CompletionStage<DnsResponse> stale(Request request, CacheKey key, CacheEntry entry) {
    DnsQuery query = request.query();
    if (serveStale.refreshMode() == CacheConfig.RefreshMode.IMMEDIATE) {
      events.servedStale(request, entry.tier());
      DnsResponse answer = staleAnswer(query, entry);
      refreshInBackground(request, key, entry);
      return CompletableFuture.completedFuture(answer);
    }
    return next.serve(request)
        .handle(
            (response, failure) -> {
              if (failure == null && refreshes(response)) {
                events.miss(request);
                return answer(request, key, response);
              }
              // RFC 8767: the upstream could not answer, so the stale data stands in
              events.servedStale(request, entry.tier());
              return staleAnswer(query, entry);
            });
  }

  /** Stale data goes out with TTL 0, as CoreDNS serves it (also under {@code keepttl}). */
  private DnsResponse staleAnswer(DnsQuery query, CacheEntry entry) {
    return DnsResponse.of(CachePlugin.NAME, render(entry.response(), query, 0));
  }

  /** The client's answer from a response of the next handler, stored when it can be. */
  private DnsResponse answer(Request request, CacheKey key, DnsResponse response) {
    DnsQuery query = request.query();
    Cacheable cacheable = cacheable(request, key.name(), response);
    if (cacheable == null) {
      return response;
    }
    StoragePolicy.Placement placement = cacheable.placement();
    long now = clock.millis();
    if (placement.store()) {
      cache.put(key, entry(cacheable, now, HitCounter.starting(now)));
    }
    // CoreDNS gives this reply the capped TTL too, so the first answer and later hits agree
    long ttl = keepTtl ? ResponseRenderer.KEEP_TTLS : placement.ttl();
    // the answer stays the next handler's, as CoreDNS labels it by the plugin that wrote it
    return new DnsResponse(
        render(cacheable.response(), query, ttl), response.failure(), response.plugin());
  }

  private void refreshInBackground(Request request, CacheKey key, CacheEntry current) {
    if (!refreshing.add(key)) {
      return;
    }
    if (cache.get(key) != current) {
      // a refresh finished between our lookup and now: the entry seen is already replaced
      refreshing.remove(key);
      return;
    }
    events.prefetch(request);
    try {
      refreshExecutor.execute(() -> refresh(request, key, current));
    } catch (RejectedExecutionException e) {
      // shutting down: the entry stays as it is
      refreshing.remove(key);
    }
  }

  private void refresh(Request request, CacheKey key, CacheEntry current) {
    CompletionStage<DnsResponse> upstream;
    try {
      upstream = next.serve(request);
    } catch (RuntimeException e) {
      // handlers must not throw; if one does, this best-effort refresh just did not happen
      refreshing.remove(key);
      return;
    }
    upstream.whenComplete(
        (response, failure) -> {
          try {
            if (failure == null && refreshes(response)) {
              storeRefreshed(request, key, response, current);
            }
          } finally {
            refreshing.remove(key);
          }
        });
  }

  private void storeRefreshed(Request request, CacheKey key, DnsResponse response, CacheEntry old) {
    Cacheable cacheable = cacheable(request, key.name(), response);
    if (cacheable == null || !cacheable.placement().store()) {
      return;
    }
    long now = clock.millis();
    // the refreshed entry keeps the popularity of the one it replaces, as in CoreDNS
    cache.put(key, entry(cacheable, now, HitCounter.continuing(now, old.hits().hits())));
  }

  /**
   * Whether a response replaces what is cached: the upstream resolved the name (NOERROR or
   * NXDOMAIN), as CoreDNS's {@code verify} decides (RFC 8767 section 4). Anything else keeps the
   * entry that is there.
   */
  private static boolean refreshes(DnsResponse response) {
    if (response == null || response.failure() != null) {
      return false;
    }
    int rcode = response.rcode();
    return rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN;
  }

  /**
   * The canonical form and placement of a response, or null when it passes through as it is: a
   * failure the chain synthesized (CoreDNS caches only what an upstream sent), a malformed
   * response, an answer to another question, or a kind no tier holds.
   */
  private Cacheable cacheable(Request request, String name, DnsResponse response) {
    if (response.failure() != null) {
      return null;
    }
    CanonicalResponse canonical;
    try {
      canonical = ResponseCanonicalizer.canonicalize(response.wire());
    } catch (MalformedMessageException e) {
      return null;
    }
    if (!ResponseRenderer.answers(canonical, request.query())) {
      events.dropped(request);
      return null;
    }
    StoragePolicy.Placement placement = storage.place(canonical, name);
    return placement == null ? null : new Cacheable(canonical, placement);
  }

  private static CacheEntry entry(Cacheable cacheable, long now, HitCounter hits) {
    StoragePolicy.Placement placement = cacheable.placement();
    return new CacheEntry(cacheable.response(), placement.tier(), placement.ttl(), now, hits);
  }

  /**
   * Renders a cached response for {@code query}, clearing AD unless the client asked for DNSSEC
   * (DO) or for AD itself (RFC 6840 5.7–5.8), as CoreDNS does.
   */
  private static byte[] render(CanonicalResponse response, DnsQuery query, long ttl) {
    byte[] out = ResponseRenderer.render(response, query, ttl);
    if (!query.dnssecOk() && (query.flags() & DnsFlags.AD) == 0) {
      DnsFlags.putU16(out, 2, DnsFlags.flags(out) & ~DnsFlags.AD);
    }
    return out;
  }

  /** A response that a tier can hold. */
  private record Cacheable(CanonicalResponse response, StoragePolicy.Placement placement) {}
}
