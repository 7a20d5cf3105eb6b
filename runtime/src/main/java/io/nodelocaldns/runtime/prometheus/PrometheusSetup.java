package io.nodelocaldns.runtime.prometheus;

import io.nodelocaldns.runtime.corefile.Args;
import io.nodelocaldns.runtime.corefile.Directive;
import java.net.InetSocketAddress;

/** Reads {@code prometheus [ADDRESS]}; without an address, every interface on port 9153. */
public final class PrometheusSetup {

  private PrometheusSetup() {}

  public static PrometheusConfig parse(Directive directive) {
    Args args = Args.of(directive).atMostOneAddress("prometheus [ADDRESS]").noBlock();
    return new PrometheusConfig(
        args.size() == 0
            ? new InetSocketAddress(PrometheusConfig.DEFAULT_PORT)
            : args.listenAddress(0));
  }
}
