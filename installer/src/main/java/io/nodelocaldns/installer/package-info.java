/**
 * The node-local-dns installer: a CLI that installs the NodeLocal DNSCache Helm chart with values
 * read from the cluster, and checks on it. This package holds the two failures every part may
 * throw: {@link InstallerException} (exit 1) and {@link UsageException} (exit 2).
 */
package io.nodelocaldns.installer;
