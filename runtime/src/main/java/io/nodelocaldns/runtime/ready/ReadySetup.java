package io.nodelocaldns.runtime.ready;

import io.nodelocaldns.runtime.corefile.Args;
import io.nodelocaldns.runtime.corefile.Directive;
import java.net.InetSocketAddress;

/** Reads {@code ready [ADDRESS]}; without an address, every interface on port 8181. */
public final class ReadySetup {

  private ReadySetup() {}

  public static ReadyConfig parse(Directive directive) {
    Args args = Args.of(directive).atMostOneAddress("ready [ADDRESS]").noBlock();
    return new ReadyConfig(
        args.size() == 0 ? new InetSocketAddress(ReadyConfig.DEFAULT_PORT) : args.listenAddress(0));
  }
}
