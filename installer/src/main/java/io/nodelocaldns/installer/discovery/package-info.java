/**
 * What the installer reads from the API server because nobody told it: the kube-dns Service, the
 * cluster domain, kube-proxy's mode and the kind of cluster, each with where it came from.
 */
package io.nodelocaldns.installer.discovery;
