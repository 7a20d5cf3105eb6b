package io.nodelocaldns.runtime.plugin;

import io.nodelocaldns.runtime.wire.DnsFlags;
import java.util.Objects;

/**
 * A response ready to send to the client that asked (its ID, its question spelling, its EDNS),
 * before any UDP truncation.
 *
 * @param wire the message bytes; never modified once built
 * @param failure why a handler could not answer properly (the {@code errors} directive logs it),
 *     prefixed with the directive's name; {@code null} when nothing failed
 * @param plugin the directive whose answer this is (e.g. {@code "cache"}, {@code "forward"}), or
 *     {@link #NO_PLUGIN}: CoreDNS's {@code plugin} label of {@code coredns_dns_responses_total}
 */
public record DnsResponse(byte[] wire, String failure, String plugin) {
  /** The {@link #plugin} of a response no directive answered (the end of the chain). */
  public static final String NO_PLUGIN = "";

  public DnsResponse {
    Objects.requireNonNull(wire, "wire");
    Objects.requireNonNull(plugin, "plugin");
  }

  public DnsResponse(byte[] wire) {
    this(wire, null, NO_PLUGIN);
  }

  public DnsResponse(byte[] wire, String failure) {
    this(wire, failure, NO_PLUGIN);
  }

  /** An answer of directive {@code plugin}. */
  public static DnsResponse of(String plugin, byte[] wire) {
    return new DnsResponse(wire, null, plugin);
  }

  public static DnsResponse failed(byte[] wire, String failure) {
    return new DnsResponse(wire, failure, NO_PLUGIN);
  }

  /** An error answer of directive {@code plugin}, with the reason. */
  public static DnsResponse failed(String plugin, byte[] wire, String failure) {
    return new DnsResponse(wire, failure, plugin);
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
