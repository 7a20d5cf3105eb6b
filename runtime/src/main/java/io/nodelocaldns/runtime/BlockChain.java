package io.nodelocaldns.runtime;

import io.nodelocaldns.runtime.bind.BindConfig;
import io.nodelocaldns.runtime.forward.ForwardConfig;
import io.nodelocaldns.runtime.loop.LoopHandler;
import io.nodelocaldns.runtime.plugin.DnsHandler;
import io.nodelocaldns.runtime.plugin.ServerConfig;
import io.nodelocaldns.runtime.server.ListenAddress;
import io.nodelocaldns.runtime.server.ServerBlock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * One server block's handler chain with everything it holds (cache, upstream connections), built
 * and closed as a unit so that a reload can keep it whole or drop it whole.
 */
final class BlockChain implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(BlockChain.class.getName());

  private final ServerConfig config;
  private final BlockIdentity identity;
  private final DnsHandler head;

  /** The chain's handlers, the head first. */
  private final List<DnsHandler> handlers;

  BlockChain(ServerConfig config, DnsHandler head, List<DnsHandler> handlers) {
    this.config = config;
    this.identity = BlockIdentity.of(config);
    this.head = head;
    this.handlers = List.copyOf(handlers);
  }

  ServerConfig config() {
    return config;
  }

  BlockIdentity identity() {
    return identity;
  }

  /** The block as listeners serve it. */
  ServerBlock serving() {
    return new ServerBlock(config.zones(), head, listenAddresses());
  }

  /** The addresses the block asks for: its {@code bind} addresses, or the wildcard, on its port. */
  List<ListenAddress> listenAddresses() {
    List<InetAddress> addresses = BindConfig.of(config).addresses();
    if (addresses.isEmpty()) {
      return List.of(new ListenAddress(wildcard(), config.port()));
    }
    return addresses.stream().map(a -> new ListenAddress(a, config.port())).toList();
  }

  /** The block's {@code loop} handler, when it has one and a forward a loop could go through. */
  Optional<LoopHandler> loop() {
    if (config.get(ForwardConfig.class).isEmpty()) {
      return Optional.empty();
    }
    return loopHandlers().findFirst();
  }

  private Stream<LoopHandler> loopHandlers() {
    return handlers.stream().filter(LoopHandler.class::isInstance).map(LoopHandler.class::cast);
  }

  /** Stops loop probing through it and releases what its handlers hold. */
  @Override
  public void close() {
    loopHandlers().forEach(LoopHandler::disable);
    for (DnsHandler handler : handlers) {
      if (handler instanceof AutoCloseable resource) {
        try {
          resource.close();
        } catch (Exception e) {
          LOG.warning("closing " + resource + ": " + e);
        }
      }
    }
  }

  private static InetAddress wildcard() {
    try {
      return InetAddress.getByAddress(new byte[4]);
    } catch (UnknownHostException e) {
      throw new AssertionError("a 4-byte address is always valid", e);
    }
  }
}
