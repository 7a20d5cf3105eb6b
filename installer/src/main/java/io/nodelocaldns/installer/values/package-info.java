/**
 * The chart values the installer computes: each from its flag, else from the user's values files
 * and {@code --set}, else from the cluster; and the checks of what the user gave.
 */
package io.nodelocaldns.installer.values;
