/**
 * The {@code loop} directive, as CoreDNS's loop plugin: finds a forwarding loop at start-up.
 *
 * <pre>
 * loop
 * </pre>
 *
 * <p>{@link io.nodelocaldns.runtime.loop.LoopHandler} sits before {@code forward} and counts its
 * probe names; {@link io.nodelocaldns.runtime.loop.LoopDetector} sends them to each block once its
 * listeners are bound. A probe seen more than twice is a forwarding loop: logged at {@code [FATAL]}
 * in CoreDNS's words, then the runtime's fatal callback ends the process.
 */
package io.nodelocaldns.runtime.loop;
