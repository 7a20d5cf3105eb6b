package io.nodelocaldns.runtime.config;

import io.nodelocaldns.runtime.plugin.InterfaceAddresses;
import java.util.Map;

/**
 * What a Corefile is read against on the machine that serves it: its network interfaces ({@code
 * bind INTERFACE}) and its environment ({@code {$NAME}}). Tests pass a made-up one.
 */
public record Machine(InterfaceAddresses interfaces, Map<String, String> environment) {
  /** This machine. */
  public static final Machine THIS = new Machine(InterfaceAddresses.SYSTEM, System.getenv());

  public Machine {
    environment = Map.copyOf(environment);
  }

  /** This machine with {@code environment} instead of its own. */
  public static Machine withEnvironment(Map<String, String> environment) {
    return new Machine(InterfaceAddresses.SYSTEM, environment);
  }
}
