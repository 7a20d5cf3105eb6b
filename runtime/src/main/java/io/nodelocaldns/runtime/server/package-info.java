/**
 * The DNS listeners: UDP and TCP sockets per address ({@link
 * io.nodelocaldns.runtime.server.DnsServer}), routing each query to the server block of its zone
 * and port, with the limits that keep one client from taking the node's DNS down (connection caps,
 * message deadlines, size limits).
 */
package io.nodelocaldns.runtime.server;
