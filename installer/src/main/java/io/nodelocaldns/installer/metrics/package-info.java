/** Reading an agent's Prometheus metrics through the API server's pod proxy. */
package io.nodelocaldns.installer.metrics;
