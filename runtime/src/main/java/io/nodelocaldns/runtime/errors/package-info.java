/**
 * The {@code errors} directive: logs each query a handler after it failed on, in CoreDNS's form.
 *
 * <pre>
 * errors
 * </pre>
 *
 * <p>CoreDNS's {@code consolidate} and {@code stacktrace} options are refused.
 */
package io.nodelocaldns.runtime.errors;
