package io.nodelocaldns.runtime.loop;

import io.nodelocaldns.runtime.corefile.Args;
import io.nodelocaldns.runtime.corefile.Directive;

/** Reads {@code loop}, which takes no arguments. */
public final class LoopSetup {

  private LoopSetup() {}

  public static LoopConfig parse(Directive directive) {
    Args.of(directive).none().noBlock();
    return new LoopConfig();
  }
}
