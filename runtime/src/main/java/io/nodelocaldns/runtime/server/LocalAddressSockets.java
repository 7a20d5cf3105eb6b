package io.nodelocaldns.runtime.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The UDP sockets a wildcard listener adds on each of the machine's addresses, so that an answer
 * leaves from the address its query was sent to.
 *
 * <p>A socket bound to the wildcard answers from whatever source the kernel's route back to the
 * client picks, e.g. the node's own address instead of the kube-dns ClusterIP or 169.254.20.10 the
 * pod asked; the client drops such an answer and times out. CoreDNS sets each answer's source with
 * IP_PKTINFO; Netty's epoll transport cannot (its sendmsg and sendmmsg take no source address). The
 * kernel instead hands a datagram to the socket bound to its destination address rather than to a
 * wildcard one, and that socket's answers leave from its own address. These sockets share the port
 * with the wildcard ones through SO_REUSEPORT and serve through the same handler.
 *
 * <p>Used under {@link DnsServer}'s lock, never on an event loop (binding waits).
 */
final class LocalAddressSockets {
  private static final Logger LOG = Logger.getLogger(LocalAddressSockets.class.getName());

  private final Bootstrap udp;
  private final ListenAddress wildcard;
  private final int perAddress;
  private final Map<InetAddress, List<Channel>> sockets = new LinkedHashMap<>();

  /** Addresses that could not be bound: warned about once, tried again at every scan. */
  private final Set<InetAddress> unbindable = new HashSet<>();

  /**
   * @param udp how the wildcard's own UDP sockets were made
   * @param wildcard the wildcard listener's bound address (its real port)
   * @param perAddress sockets per address, as the wildcard has
   */
  LocalAddressSockets(Bootstrap udp, ListenAddress wildcard, int perAddress) {
    this.udp = udp;
    this.wildcard = wildcard;
    this.perAddress = perAddress;
  }

  /** Binds the addresses of {@code addresses} not bound yet; closes those no longer in it. */
  void follow(Set<InetAddress> addresses) {
    for (Iterator<Map.Entry<InetAddress, List<Channel>>> it = sockets.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<InetAddress, List<Channel>> entry = it.next();
      if (!addresses.contains(entry.getKey())) {
        entry.getValue().forEach(channel -> channel.close().awaitUninterruptibly());
        it.remove();
        LOG.fine(() -> wildcard.label() + ": no longer bound on " + host(entry.getKey()));
      }
    }
    unbindable.retainAll(addresses);
    for (InetAddress address : addresses) {
      if (!sockets.containsKey(address)) {
        bind(address);
      }
    }
  }

  private void bind(InetAddress address) {
    InetSocketAddress local = new InetSocketAddress(address, wildcard.port());
    List<Channel> bound = new ArrayList<>();
    for (int i = 0; i < perAddress; i++) {
      ChannelFuture future = udp.bind(local).awaitUninterruptibly();
      if (!future.isSuccess()) {
        bound.forEach(channel -> channel.close().awaitUninterruptibly());
        if (unbindable.add(address)) {
          LOG.warning(
              () ->
                  wildcard.label()
                      + ": listen udp "
                      + host(address)
                      + ":"
                      + wildcard.port()
                      + ": "
                      + future.cause().getMessage()
                      + "; UDP answers to queries sent to "
                      + host(address)
                      + ", if any come, leave from the address the route picks and clients drop"
                      + " them (tried again every scan)");
        }
        return;
      }
      bound.add(future.channel());
    }
    unbindable.remove(address);
    sockets.put(address, bound);
    LOG.fine(() -> wildcard.label() + ": also bound on " + host(address));
  }

  /** The addresses bound one by one now. */
  Set<InetAddress> addresses() {
    return Set.copyOf(sockets.keySet());
  }

  /** Closes every socket. */
  void close() {
    follow(Set.of());
  }

  private static String host(InetAddress address) {
    return NetUtil.toAddressString(address);
  }
}
