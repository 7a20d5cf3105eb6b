package io.nodelocaldns.modes.template;

/** The base Corefile cannot be templated; the message says which input is missing or wrong. */
public final class TemplateException extends RuntimeException {
  public TemplateException(String message) {
    super(message);
  }

  public TemplateException(String message, Throwable cause) {
    super(message, cause);
  }
}
