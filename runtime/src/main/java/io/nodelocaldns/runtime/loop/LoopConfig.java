package io.nodelocaldns.runtime.loop;

/** {@code loop}: detect forwarding loops at start-up. Takes no arguments. */
public record LoopConfig() {}
