/**
 * Corefile templating, as the upstream node-cache does it: the {@code __PILLAR__} placeholders, the
 * kube-dns ConfigMap's stub domains and upstream nameservers, and the atomic write of {@code
 * -conf}.
 */
package io.nodelocaldns.modes.template;
