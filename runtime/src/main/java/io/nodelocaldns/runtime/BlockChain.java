package io.nodelocaldns.runtime;

import io.nodelocaldns.runtime.corefile.ServerConfig;
import io.nodelocaldns.runtime.loop.LoopHandler;
import io.nodelocaldns.runtime.server.ListenAddress;
import io.nodelocaldns.runtime.server.ServerBlock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * One server block's handler chain with everything it holds (cache, upstream connections), built
 * and closed as a unit so that a reload can keep it whole or drop it whole.
 */
final class BlockChain implements AutoCloseable {
  private final ServerConfig config;
  private final BlockIdentity identity;
  private final HandlerChains.Chain chain;

  private BlockChain(ServerConfig config, HandlerChains.Chain chain) {
    this.config = config;
    this.identity = BlockIdentity.of(config);
    this.chain = chain;
  }

  static BlockChain build(ServerConfig config, HandlerChains chains) {
    return new BlockChain(config, chains.build(config));
  }

  ServerConfig config() {
    return config;
  }

  BlockIdentity identity() {
    return identity;
  }

  /** The block as listeners serve it. */
  ServerBlock serving() {
    return new ServerBlock(config.zones(), chain.head(), listenAddresses());
  }

  /** The addresses the block asks for: its {@code bind} addresses, or the wildcard, on its port. */
  List<ListenAddress> listenAddresses() {
    List<InetAddress> addresses = config.bind().addresses();
    if (addresses.isEmpty()) {
      return List.of(new ListenAddress(wildcard(), config.port()));
    }
    return addresses.stream().map(a -> new ListenAddress(a, config.port())).toList();
  }

  /** The block's {@code loop} handler, when it has one and a forward a loop could go through. */
  Optional<LoopHandler> loop() {
    return config.forward().isPresent() ? chain.loop() : Optional.empty();
  }

  /** Stops loop probing through it and releases the cache and upstream connections. */
  @Override
  public void close() {
    chain.close();
  }

  private static InetAddress wildcard() {
    try {
      return InetAddress.getByAddress(new byte[4]);
    } catch (UnknownHostException e) {
      throw new AssertionError("a 4-byte address is always valid", e);
    }
  }
}
