/**
 * {@code node-local-dns migrate}: another NodeLocal DNSCache installation's settings (the
 * deliveryhero Helm chart's values, or an edited upstream nodelocaldns.yaml) as this chart's
 * values, with one line per setting saying what became of it.
 */
package io.nodelocaldns.installer.migrate;
