/**
 * The {@code bind} directive: the addresses a server block listens on.
 *
 * <pre>
 * bind ADDRESS|INTERFACE... {
 *     except ADDRESS|INTERFACE...
 * }
 * </pre>
 *
 * <p>A block may have several {@code bind} lines; their addresses add up. An interface stands for
 * its addresses but IPv6 link-local ones. Without {@code bind} a block listens on every address.
 */
package io.nodelocaldns.runtime.bind;
