/**
 * The {@code health} directive: where {@code /health} is served, and how long a shutdown keeps
 * serving after turning unready.
 *
 * <pre>
 * health [ADDRESS] {
 *     lameduck DURATION
 * }
 * </pre>
 *
 * <p>Without an address, every interface on port 8080. The endpoint itself is in {@code ops}.
 */
package io.nodelocaldns.runtime.health;
