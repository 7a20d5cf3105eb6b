/**
 * {@code status}: each node's agent, its readiness, version, cache hit ratio and queries per
 * second.
 */
package io.nodelocaldns.installer.status;
