/**
 * The {@code reload} directive: checks the Corefile for changes and applies them in place.
 *
 * <pre>
 * reload [INTERVAL] [JITTER]
 * </pre>
 *
 * <p>The interval is at least 2s (default 30s), the jitter at least 1s (default 15s) and at most
 * half the interval. {@link io.nodelocaldns.runtime.reload.CorefileWatcher} looks at the file by
 * SHA-512 and hands a changed one to a {@link io.nodelocaldns.runtime.reload.ReloadTarget} (the
 * running runtime), reporting to {@link io.nodelocaldns.runtime.reload.ReloadEvents}.
 */
package io.nodelocaldns.runtime.reload;
