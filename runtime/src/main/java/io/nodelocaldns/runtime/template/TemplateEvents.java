package io.nodelocaldns.runtime.template;

import io.nodelocaldns.runtime.plugin.Request;

/** What a template handler reports: matches and rendering failures (its metrics, if any). */
public interface TemplateEvents {
  /** Reports nothing: a runtime without metrics. */
  TemplateEvents NONE = new TemplateEvents() {};

  /** A rule's regex matched {@code request}. */
  default void matched(Request request, TemplateData data) {}

  /** {@code template} could not be rendered (a Go template error). */
  default void templateFailed(Request request, TemplateData data, GoTemplate template) {}

  /** {@code template} rendered text that is no resource record. */
  default void recordFailed(Request request, TemplateData data, GoTemplate template) {}
}
