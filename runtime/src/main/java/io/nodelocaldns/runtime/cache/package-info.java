/**
 * The {@code cache} directive: answers from memory, as CoreDNS's cache plugin, with a success tier
 * (answers with records) and a denial tier (NXDOMAIN, NODATA), both in one byte budget that every
 * block's cache shares ({@link io.nodelocaldns.runtime.cache.CacheMemory}).
 *
 * <pre>
 * cache [TTL] [ZONES...] {
 *     success CAPACITY [TTL [MINTTL]]
 *     denial CAPACITY [TTL [MINTTL]]
 *     prefetch AMOUNT [DURATION [PERCENTAGE%]]
 *     serve_stale [DURATION] [immediate|verify]
 *     servfail DURATION
 *     disable success|denial [ZONES...]
 *     keepttl
 * }
 * </pre>
 *
 * <p>{@link io.nodelocaldns.runtime.cache.CacheHandler} serves; {@link
 * io.nodelocaldns.runtime.cache.CacheEvents} is what it reports, and {@link
 * io.nodelocaldns.runtime.cache.CacheMetrics} turns that into {@code coredns_cache_*}.
 */
package io.nodelocaldns.runtime.cache;
