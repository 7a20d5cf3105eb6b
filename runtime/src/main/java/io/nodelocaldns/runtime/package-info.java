/**
 * The DNS runtime: {@link io.nodelocaldns.runtime.DnsRuntime} serves a Corefile (listeners, each
 * server block's handler chain, the HTTP endpoints, loop probes) and applies reloads without
 * dropping a query; {@link io.nodelocaldns.runtime.RuntimeMain} is the {@code -conf} command line.
 *
 * <p>Packages, from the bottom up: {@code wire} (DNS messages), {@code corefile} (Corefile syntax
 * and directive arguments), {@code transport}, {@code plugin} (what a directive is: its handler and
 * its registration), {@code server} and {@code upstream} (sockets), one package per directive
 * ({@code bind}, {@code cache}, {@code errors}, {@code forward}, {@code health}, {@code log},
 * {@code loop}, {@code prometheus}, {@code ready}, {@code reload}), {@code config} (the registry of
 * directives and the Corefile parser that iterates it), {@code ops} (the HTTP endpoints), and this
 * one. No package depends on one above it ({@code PackageCyclesTest}).
 */
package io.nodelocaldns.runtime;
