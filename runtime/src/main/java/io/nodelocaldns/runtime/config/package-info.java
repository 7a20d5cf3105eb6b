/**
 * The runtime's configuration: {@link io.nodelocaldns.runtime.config.Plugins}, every directive in
 * chain order (CoreDNS's {@code plugin.cfg}), and {@link
 * io.nodelocaldns.runtime.config.CorefileParser}, which reads a Corefile's server blocks through
 * them into {@link io.nodelocaldns.runtime.plugin.ServerConfig}s.
 */
package io.nodelocaldns.runtime.config;
