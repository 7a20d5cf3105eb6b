package io.nodelocaldns.runtime.ops;

/** {@code loop}: detect forwarding loops at start-up. Takes no arguments. */
public record LoopConfig() {}
