package io.nodelocaldns.installer.discovery;

/**
 * A value and where it came from ({@code "--mode"}, {@code "ConfigMap kube-system/kube-proxy"}…).
 */
public record Sourced<T>(T value, String source) {}
