package io.nodelocaldns.runtime.errors;

/** {@code errors}: log every failure a handler reports. Takes no options here. */
public record ErrorsConfig() {}
