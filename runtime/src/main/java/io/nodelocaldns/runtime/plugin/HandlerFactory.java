package io.nodelocaldns.runtime.plugin;

/** Builds a directive's handler around the rest of the chain. */
@FunctionalInterface
public interface HandlerFactory {
  DnsHandler create(DnsHandler next);
}
