/**
 * What a directive is. Its handler: {@link io.nodelocaldns.runtime.plugin.DnsHandler}, one link of
 * a server block's chain, given a {@link io.nodelocaldns.runtime.plugin.Request} and answering with
 * a {@link io.nodelocaldns.runtime.plugin.DnsResponse} or passing it on. Its registration: {@link
 * io.nodelocaldns.runtime.plugin.Plugin} (name, parse, handler), with the {@link
 * io.nodelocaldns.runtime.plugin.ServerConfig} of a block and the {@link
 * io.nodelocaldns.runtime.plugin.Corefile} of blocks that plugins produce.
 */
package io.nodelocaldns.runtime.plugin;
