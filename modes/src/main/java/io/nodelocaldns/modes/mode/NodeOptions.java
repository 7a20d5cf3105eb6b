package io.nodelocaldns.modes.mode;

import io.nodelocaldns.modes.node.LinkType;

/**
 * The node-setup flags, as the upstream node-cache names them.
 *
 * @param localIps {@code -localip}
 * @param interfaceName {@code -interfacename} (default {@code nodelocaldns})
 * @param linkType {@code --link-type} (default dummy)
 * @param setupInterface {@code -setupinterface}: create and keep the link and its addresses
 * @param setupIptables {@code -setupiptables}: install and keep the NOTRACK/ACCEPT rules
 * @param healthPort {@code -health-port}: NOTRACKed on the local IPs too, as upstream does
 */
public record NodeOptions(
    LocalIps localIps,
    String interfaceName,
    LinkType linkType,
    boolean setupInterface,
    boolean setupIptables,
    int healthPort) {}
