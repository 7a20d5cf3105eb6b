package io.nodelocaldns.installer.status;

import java.util.Optional;

/**
 * One node's agent: its pod, readiness, version (image tag, and the version the agent reports in
 * {@code coredns_build_info}), cache hit ratio since the agent started, and queries per second over
 * the sampling interval.
 */
public record NodeStatus(
    String node,
    String pod,
    boolean ready,
    String imageTag,
    Optional<String> buildVersion,
    Optional<Double> hitRatio,
    Optional<Double> qps) {}
