package io.nodelocaldns.runtime.config;

import io.nodelocaldns.runtime.bind.BindPlugin;
import io.nodelocaldns.runtime.cache.CachePlugin;
import io.nodelocaldns.runtime.errors.ErrorsPlugin;
import io.nodelocaldns.runtime.forward.ForwardPlugin;
import io.nodelocaldns.runtime.health.HealthPlugin;
import io.nodelocaldns.runtime.log.LogPlugin;
import io.nodelocaldns.runtime.loop.LoopPlugin;
import io.nodelocaldns.runtime.plugin.Plugin;
import io.nodelocaldns.runtime.prometheus.PrometheusPlugin;
import io.nodelocaldns.runtime.ready.ReadyPlugin;
import io.nodelocaldns.runtime.reload.ReloadPlugin;
import io.nodelocaldns.runtime.template.TemplatePlugin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every directive the runtime understands, in chain order: CoreDNS's {@code plugin.cfg}. A query
 * meets the handlers of the directives its block uses in this order, whatever order the Corefile
 * writes them in; directives without a handler ({@code bind}, {@code health}) sit where CoreDNS
 * lists them.
 *
 * @param all the plugins, first in the chain first; names are unique
 */
public record Plugins(List<Plugin<?>> all) {
  /** The runtime's directives. Adding one is one line here and one package. */
  public static final Plugins STANDARD =
      new Plugins(
          List.of(
              new ReloadPlugin(),
              new BindPlugin(),
              new ReadyPlugin(),
              new HealthPlugin(),
              new PrometheusPlugin(),
              new ErrorsPlugin(),
              new LogPlugin(),
              new CachePlugin(),
              new TemplatePlugin(),
              new LoopPlugin(),
              new ForwardPlugin()));

  public Plugins {
    all = List.copyOf(all);
    if (all.stream().map(Plugin::name).distinct().count() != all.size()) {
      throw new IllegalArgumentException("two plugins share a name: " + names());
    }
  }

  /** The plugin of directive {@code name}, if there is one. */
  public Optional<Plugin<?>> named(String name) {
    return all.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** These plugins with {@code plugin} inserted before the one named {@code before}. */
  public Plugins with(Plugin<?> plugin, String before) {
    List<Plugin<?>> more = new ArrayList<>(all);
    int at = more.indexOf(named(before).orElseThrow(() -> new IllegalArgumentException(before)));
    more.add(at, plugin);
    return new Plugins(more);
  }

  /** Their names in alphabetical order, for messages. */
  public List<String> names() {
    return all.stream().map(Plugin::name).sorted().toList();
  }
}
