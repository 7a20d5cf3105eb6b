/**
 * Reaching the cluster: kubeconfig and context, the agent DaemonSet as installed, and exec into its
 * pods.
 */
package io.nodelocaldns.installer.kube;
