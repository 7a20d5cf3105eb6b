package io.nodelocaldns.runtime.template;

import java.util.List;

/**
 * A block's {@code template} lines, each one rule, tried in the order written.
 *
 * @param rules one per {@code template} line
 */
public record TemplateConfig(List<TemplateRule> rules) {
  public TemplateConfig {
    rules = List.copyOf(rules);
  }
}
