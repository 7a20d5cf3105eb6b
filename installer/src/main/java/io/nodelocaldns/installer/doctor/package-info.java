/**
 * {@code doctor}: checks of an installed agent against the cluster, one class per check, each
 * reporting OK or FAIL with how to fix it.
 */
package io.nodelocaldns.installer.doctor;
