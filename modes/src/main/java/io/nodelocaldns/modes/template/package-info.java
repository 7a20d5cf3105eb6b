/**
 * Corefile templating, as the upstream node-cache does it: the {@code __PILLAR__} placeholders, the
 * kube-dns ConfigMap's stub domains and upstream nameservers, and the atomic write of {@code
 * -conf}.
 *
 * <p>The ConfigMap is another team's input, read on every node: {@link KubeDnsConfigValidator}
 * checks it entry by entry, drops (and logs and counts) what the runtime could not serve, and
 * bounds what it could serve only at a cost, so no ConfigMap can stop the agent, at start or on a
 * change.
 */
package io.nodelocaldns.modes.template;
