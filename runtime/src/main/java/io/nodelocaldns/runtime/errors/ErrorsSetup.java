package io.nodelocaldns.runtime.errors;

import io.nodelocaldns.runtime.corefile.Args;
import io.nodelocaldns.runtime.corefile.Directive;
import java.util.List;

/** Reads {@code errors}, which takes no arguments and no options here. */
public final class ErrorsSetup {

  private ErrorsSetup() {}

  public static ErrorsConfig parse(Directive directive) {
    Args args = Args.of(directive).none();
    if (!args.block().isEmpty()) {
      // CoreDNS's errors has "consolidate" and "stacktrace"; neither is implemented
      throw args.unknownOption(args.block().get(0), List.of());
    }
    return new ErrorsConfig();
  }
}
