/**
 * The {@code log} directive: one line per answered query, in CoreDNS's common format, to the {@code
 * io.nodelocaldns.query} logger.
 *
 * <pre>
 * log [NAMES...] [{common}] {
 *     class all|success|denial|error...
 * }
 * </pre>
 */
package io.nodelocaldns.runtime.log;
