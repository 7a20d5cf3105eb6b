/**
 * {@code install} and {@code uninstall}: the chart rendered with the computed values (which {@code
 * render} prints too), the Helm release, waiting for the rollout, IPVS mode's kubelet clusterDNS
 * change (made on Kind through docker or podman, printed elsewhere), and a DNS query from a probe
 * pod (which {@code doctor} sends too).
 */
package io.nodelocaldns.installer.install;
