/**
 * The {@code reload} directive: {@link io.nodelocaldns.runtime.reload.CorefileWatcher} looks at the
 * Corefile by SHA-512 and hands a changed one to a {@link
 * io.nodelocaldns.runtime.reload.ReloadTarget} (the running runtime), reporting to {@link
 * io.nodelocaldns.runtime.reload.ReloadEvents}, where metrics attach.
 */
package io.nodelocaldns.runtime.reload;
