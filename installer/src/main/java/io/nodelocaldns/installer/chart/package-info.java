/**
 * The Helm chart the installer carries, rendered through the real Helm engine, and the values files
 * and {@code --set} pairs it is given.
 */
package io.nodelocaldns.installer.chart;
