/** Which Netty transport the runtime's sockets use: epoll where it is available, NIO elsewhere. */
package io.nodelocaldns.runtime.transport;
