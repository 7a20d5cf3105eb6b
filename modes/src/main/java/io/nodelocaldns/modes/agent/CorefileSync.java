package io.nodelocaldns.modes.agent;

import io.nodelocaldns.modes.node.SetupErrors;
import io.nodelocaldns.modes.template.CorefileTemplater;
import io.nodelocaldns.modes.template.CorefileWriter;
import io.nodelocaldns.runtime.config.CorefileParser;
import io.nodelocaldns.runtime.plugin.Corefile;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Keeps {@code -conf} and the runtime in step with the base Corefile and the kube-dns ConfigMap:
 * when their content hash changes, re-template, parse, write (only if changed) and reload.
 *
 * <p>The agent calls {@link io.nodelocaldns.runtime.DnsRuntime#reload} itself rather than relying
 * on the Corefile's {@code reload} directive: it knows the moment it wrote a new Corefile, it works
 * whether or not the base has {@code reload}, and a Corefile that cannot be served is refused
 * before it replaces the good one on disk.
 */
final class CorefileSync {
  private static final Logger LOG = Logger.getLogger(CorefileSync.class.getName());

  private final CorefileTemplater templater;
  private final Path base;
  private final Path conf;
  private final SetupErrors errors;
  private String inputsHash;

  CorefileSync(CorefileTemplater templater, Path base, Path conf, SetupErrors errors) {
    this.templater = templater;
    this.base = base;
    this.conf = conf;
    this.errors = errors;
    this.inputsHash = templater.inputsHash();
  }

  /**
   * Templates and parses the Corefile to start with; messages name the base Corefile and its line
   * (stub domain blocks are appended, so the base's lines keep their numbers).
   *
   * @throws io.nodelocaldns.modes.template.TemplateException if an input is missing
   * @throws io.nodelocaldns.runtime.corefile.CorefileException if the result cannot be served
   */
  Corefile first() {
    return parse(templater.render());
  }

  /** Writes {@code corefile} to {@code -conf} if it differs from what is there. */
  void write(Corefile corefile) {
    CorefileWriter.writeIfChanged(conf, corefile.text());
  }

  /**
   * Re-templates if an input changed; {@code reload} gets a Corefile that differs from the file's.
   */
  synchronized void check(Consumer<Corefile> reload) {
    String now = templater.inputsHash();
    if (now.equals(inputsHash)) {
      return;
    }
    inputsHash = now;
    try {
      Corefile next = parse(templater.render());
      if (CorefileWriter.writeIfChanged(conf, next.text())) {
        LOG.info(
            () ->
                "re-templated "
                    + conf
                    + " from "
                    + base
                    + " and the kube-dns ConfigMap; reloading");
        reload.accept(next);
      }
    } catch (RuntimeException e) {
      errors.count(SetupErrors.Type.CONFIGMAP);
      LOG.severe(
          () ->
              "Corefile inputs changed but cannot be applied, keeping the running Corefile: "
                  + e.getMessage());
    }
  }

  private Corefile parse(String text) {
    return CorefileParser.parse(base.toString(), text, Map.of());
  }
}
