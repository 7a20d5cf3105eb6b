package io.nodelocaldns.runtime.cache;

import io.nodelocaldns.runtime.wire.DnsQuery;

/**
 * What a cached answer is stored under. DO and CD are part of it because they change what the
 * upstream returns (DNSSEC records, unvalidated data).
 *
 * @param name the question name, lower-cased
 * @param qtype the question type
 * @param qclass the question class
 * @param dnssecOk the DO bit of the query's OPT record
 * @param checkingDisabled the CD bit of the query's header
 */
public record CacheKey(
    String name, int qtype, int qclass, boolean dnssecOk, boolean checkingDisabled) {

  /** The key for {@code query}. */
  public static CacheKey of(DnsQuery query) {
    return of(query, query.lowerName());
  }

  /** The key for {@code query} whose lower-cased name the caller already has. */
  static CacheKey of(DnsQuery query, String lowerName) {
    return new CacheKey(
        lowerName, query.qtype(), query.qclass(), query.dnssecOk(), query.checkingDisabled());
  }
}
