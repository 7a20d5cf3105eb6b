package io.nodelocaldns.runtime.plugin;

import io.nodelocaldns.runtime.wire.DnsFlags;

/**
 * A response ready to send to the client that asked (its ID, its question spelling, its EDNS),
 * before any UDP truncation.
 *
 * @param wire the message bytes; never modified once built
 * @param failure why a handler could not answer properly (the {@code errors} directive logs it),
 *     prefixed with the directive's name; {@code null} when nothing failed
 */
public record DnsResponse(byte[] wire, String failure) {

  public DnsResponse(byte[] wire) {
    this(wire, null);
  }

  public static DnsResponse failed(byte[] wire, String failure) {
    return new DnsResponse(wire, failure);
  }

  public int rcode() {
    return DnsFlags.rcode(wire);
  }

  public int flags() {
    return DnsFlags.flags(wire);
  }

  public int size() {
    return wire.length;
  }
}
