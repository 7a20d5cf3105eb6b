/**
 * The mode strategy layer: one {@link io.nodelocaldns.modes.mode.NodeMode} per way of getting into
 * pods' DNS path ({@link io.nodelocaldns.modes.mode.IptablesMode}, {@link
 * io.nodelocaldns.modes.mode.IpvsMode}, {@link io.nodelocaldns.modes.mode.LocalMode}), chosen by
 * {@link io.nodelocaldns.modes.mode.ModeSelector} for the {@code --mode} given as a {@link
 * io.nodelocaldns.modes.mode.ModeChoice}. A mode only says what the node needs, as a {@link
 * io.nodelocaldns.modes.node.NodePlan} of data ({@link io.nodelocaldns.modes.mode.DnsRules});
 * applying it is the {@code node} package's job.
 */
package io.nodelocaldns.modes.mode;
