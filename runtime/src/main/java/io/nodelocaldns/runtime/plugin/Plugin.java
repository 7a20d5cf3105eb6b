package io.nodelocaldns.runtime.plugin;

import io.micrometer.core.instrument.MeterRegistry;
import io.nodelocaldns.runtime.corefile.Directive;
import java.util.List;
import java.util.Optional;

/**
 * One Corefile directive, as CoreDNS's {@code plugin.Register} knows it: its name, how its lines
 * are read into a configuration, and the handler it puts into a server block's chain. Where it sits
 * in the chain is its place in the registry ({@code config.Plugins}), as in CoreDNS's {@code
 * plugin.cfg}: the first listed sees a query first.
 *
 * <p>Adding a directive is one package (its plugin, setup, config, handler and metrics) and one
 * line in the registry; the parser, the server configuration, reload's block identity and the chain
 * builder all iterate the registry.
 *
 * @param <C> its configuration: a record, so that two blocks configured alike compare equal (a
 *     reload keeps a block's chain when nothing in it changed)
 */
public interface Plugin<C extends Record> {
  /** The directive's name as written in a Corefile, e.g. {@code cache}. */
  String name();

  /** The type of its configuration, by which {@link ServerConfig#get} finds it. */
  Class<C> configType();

  /** Whether a block may write it several times (CoreDNS adds up {@code bind} lines). */
  default boolean repeatable() {
    return false;
  }

  /**
   * Reads the block's lines of this directive: exactly one unless {@link #repeatable()}.
   *
   * @throws io.nodelocaldns.runtime.corefile.CorefileException naming the line, if it cannot be
   *     served
   */
  C parse(List<Directive> lines, SetupContext context);

  /**
   * The handler it puts into the chain of a block configured with {@code config}; empty for a
   * directive that configures the server rather than answering queries ({@code bind}, {@code
   * health}).
   */
  default Optional<HandlerFactory> handler(C config, ChainContext context) {
    return Optional.empty();
  }

  /**
   * Registers the series that exist from the start whether or not a block uses the directive, as
   * CoreDNS's do (e.g. {@code coredns_forward_healthcheck_broken_total 0}); called once, when the
   * runtime's registry is made, before any chain is built.
   */
  default void registerMetrics(MeterRegistry registry, SharedResources shared) {}
}
