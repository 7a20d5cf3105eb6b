package io.nodelocaldns.modes.node;

import java.util.ArrayList;
import java.util.List;

/** Runs every command inside a network namespace: prefixes {@code ip netns exec NAME}. */
public final class NamespacedCommandRunner implements CommandRunner {
  private final String namespace;
  private final CommandRunner delegate;

  public NamespacedCommandRunner(String namespace, CommandRunner delegate) {
    this.namespace = namespace;
    this.delegate = delegate;
  }

  @Override
  public CommandResult run(List<String> argv) {
    return delegate.run(inNamespace(argv));
  }

  @Override
  public CommandResult query(List<String> argv) {
    return delegate.query(inNamespace(argv));
  }

  private List<String> inNamespace(List<String> argv) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    full.addAll(argv);
    return full;
  }
}
