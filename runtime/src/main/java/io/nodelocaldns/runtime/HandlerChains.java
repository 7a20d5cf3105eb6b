package io.nodelocaldns.runtime;

import io.netty.channel.EventLoopGroup;
import io.nodelocaldns.runtime.cache.CacheHandler;
import io.nodelocaldns.runtime.corefile.ServerConfig;
import io.nodelocaldns.runtime.errors.ErrorsHandler;
import io.nodelocaldns.runtime.forward.ForwardContext;
import io.nodelocaldns.runtime.forward.ForwardHandler;
import io.nodelocaldns.runtime.log.LogHandler;
import io.nodelocaldns.runtime.loop.LoopHandler;
import io.nodelocaldns.runtime.plugin.DnsHandler;
import io.nodelocaldns.runtime.plugin.HandlerFactory;
import io.nodelocaldns.runtime.plugin.NoHandler;
import io.nodelocaldns.runtime.server.NettyTransport;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds each server block's handler chain in CoreDNS's fixed plugin order (errors, log, cache,
 * loop, forward), whatever order the Corefile lists the directives in, and closes what they hold.
 */
final class HandlerChains implements AutoCloseable {
  private final RuntimeOptions options;
  private final ForwardContext forwardContext;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final List<LoopHandler> loops = new ArrayList<>();

  HandlerChains(RuntimeOptions options, NettyTransport transport, EventLoopGroup group) {
    this.options = options;
    this.forwardContext = ForwardContext.of(group, transport);
  }

  DnsHandler build(ServerConfig config) {
    List<HandlerFactory> outerToInner = new ArrayList<>();
    config.errors().ifPresent(errors -> outerToInner.add(ErrorsHandler.factory()));
    config.log().ifPresent(log -> outerToInner.add(LogHandler.factory(log)));
    config.cache().ifPresent(cache -> outerToInner.add(CacheHandler.factory(cache, options.clock())));
    config.loop().ifPresent(l ->
        outerToInner.add(LoopHandler.factory(config.zones().get(0), options.onFatal(), loops::add)));
    config.forward().ifPresent(forward -> outerToInner.add(ForwardHandler.factory(forward, forwardContext)));
    DnsHandler chain = NoHandler.INSTANCE;
    for (int i = outerToInner.size() - 1; i >= 0; i--) {
      chain = outerToInner.get(i).create(chain);
      if (chain instanceof AutoCloseable closeable) {
        resources.add(closeable);
      }
    }
    return chain;
  }

  /** The {@code loop} handlers built, for the loop detector to probe through. */
  List<LoopHandler> loops() {
    return List.copyOf(loops);
  }

  @Override
  public void close() {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        java.util.logging.Logger.getLogger(HandlerChains.class.getName()).warning("closing " + resource + ": " + e);
      }
    }
    resources.clear();
  }
}
