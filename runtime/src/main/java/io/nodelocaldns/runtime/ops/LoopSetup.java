package io.nodelocaldns.runtime.ops;

import io.nodelocaldns.runtime.corefile.Args;
import io.nodelocaldns.runtime.corefile.Directive;

/** Reads {@code loop}, which takes no arguments. */
public final class LoopSetup {
  public static final String NAME = "loop";

  private LoopSetup() {}

  public static LoopConfig parse(Directive directive) {
    Args.of(directive).none().noBlock();
    return new LoopConfig();
  }
}
