/**
 * Applying a {@link io.nodelocaldns.modes.node.NodePlan} to a node with idempotent verbs: {@link
 * io.nodelocaldns.modes.node.IpLinks} for the link and its addresses, {@link
 * io.nodelocaldns.modes.node.Iptables} for the rules in the backend {@link
 * io.nodelocaldns.modes.node.BackendDetector} finds, tied together by {@link
 * io.nodelocaldns.modes.node.CommandNodeNetwork}. Every command goes through an injected {@link
 * io.nodelocaldns.modes.node.CommandRunner}: real processes, a dry run, or inside a network
 * namespace.
 */
package io.nodelocaldns.modes.node;
