package io.nodelocaldns.modes.node;

import java.io.PrintStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link NodeNetwork} through the {@code ip} and {@code iptables} commands. Every verb is
 * idempotent, so a restart after SIGKILL, or a successor started next to a running agent, adopts
 * what is there; a setup that fails undoes only what it added itself, never what it found. The same
 * code runs for real, printed ({@link #dryRun}) or inside a network namespace ({@link
 * #inNamespace}).
 */
public final class CommandNodeNetwork implements NodeNetwork {
  private final CommandRunner runner;
  private final SetupErrors errors;
  private final IpLinks links;
  private Optional<IptablesBackend> backend;

  /**
   * @param backend the iptables backend to use; empty: the one the node already uses, found at
   *     {@link #setUp}
   */
  public CommandNodeNetwork(
      CommandRunner runner, SetupErrors errors, Optional<IptablesBackend> backend) {
    this.runner = Objects.requireNonNull(runner, "runner");
    this.errors = Objects.requireNonNull(errors, "errors");
    this.links = new IpLinks(runner);
    this.backend = backend;
  }

  public CommandNodeNetwork(CommandRunner runner, SetupErrors errors) {
    this(runner, errors, Optional.empty());
  }

  /** The real node. */
  public static CommandNodeNetwork real(SetupErrors errors) {
    return new CommandNodeNetwork(new ProcessCommandRunner(), errors);
  }

  /** {@code --dry-run}: prints every command to {@code out}, changes nothing. */
  public static CommandNodeNetwork dryRun(PrintStream out) {
    return new CommandNodeNetwork(new DryRunCommandRunner(out), SetupErrors.NONE);
  }

  /** Inside the network namespace {@code namespace} ({@code ip netns exec}): for tests. */
  public static CommandNodeNetwork inNamespace(String namespace, SetupErrors errors) {
    return new CommandNodeNetwork(
        new NamespacedCommandRunner(namespace, new ProcessCommandRunner()), errors);
  }

  @Override
  public synchronized void prepareLink(NodePlan plan) {
    plan.link()
        .ifPresent(
            link -> {
              refuseAddressesHeldElsewhere(link);
              Added added = new Added();
              try {
                ensureLink(link, added);
              } catch (NodeCommandException e) {
                errors.count(e.type());
                undoQuietly(added);
                throw new NodeSetupException("node setup failed, undone: " + e.getMessage(), e);
              }
            });
  }

  @Override
  public synchronized void setUp(NodePlan plan) {
    plan.link().ifPresent(this::refuseAddressesHeldElsewhere);
    Iptables iptables = plan.rules().isEmpty() ? null : iptables();
    Added added = new Added();
    try {
      plan.link().ifPresent(link -> ensureLink(link, added));
      if (iptables != null) {
        // Inserting from the last rule up leaves them listed in the plan's order.
        for (IptablesRule rule : plan.rules().reversed()) {
          if (iptables.ensure(rule)) {
            added.rules.add(rule);
          }
        }
      }
    } catch (NodeCommandException e) {
      errors.count(e.type());
      added.iptables = iptables;
      undoQuietly(added);
      throw new NodeSetupException("node setup failed, undone: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void reconcile(NodePlan plan) {
    plan.link()
        .ifPresent(
            link -> {
              try {
                ensureLink(link);
              } catch (NodeCommandException e) {
                errors.count(e.type());
              } catch (NodeSetupException e) {
                errors.count(SetupErrors.Type.INTERFACE_ADD);
              }
            });
    if (plan.rules().isEmpty()) {
      return;
    }
    Iptables iptables;
    try {
      iptables = iptables();
    } catch (NodeSetupException e) {
      errors.count(SetupErrors.Type.IPTABLES);
      return;
    }
    for (IptablesRule rule : plan.rules().reversed()) {
      try {
        iptables.ensure(rule);
      } catch (NodeCommandException e) {
        errors.count(e.type());
      }
    }
  }

  /**
   * Removes everything, trying each part even when one fails.
   *
   * @throws NodeSetupException listing what could not be removed
   */
  @Override
  public synchronized void tearDown(NodePlan plan) {
    List<String> failures = new ArrayList<>();
    for (Iptables iptables : iptablesForTeardown(plan)) {
      for (IptablesRule rule : plan.rules()) {
        try {
          iptables.remove(rule);
        } catch (NodeCommandException e) {
          errors.count(e.type());
          failures.add(e.getMessage());
        }
      }
    }
    plan.link()
        .ifPresent(
            link -> {
              try {
                link.addresses().forEach(address -> links.removeAddress(link.name(), address));
                links.removeLink(link.name());
              } catch (NodeCommandException e) {
                errors.count(e.type());
                failures.add(e.getMessage());
              }
            });
    if (!failures.isEmpty()) {
      throw new NodeSetupException(
          "teardown left some things behind: " + String.join("; ", failures));
    }
  }

  /** The backend in use; found once, then kept (our own rules would decide any later look). */
  public synchronized Optional<IptablesBackend> backend() {
    return backend;
  }

  private void ensureLink(LinkPlan link) {
    ensureLink(link, new Added());
  }

  private void ensureLink(LinkPlan link, Added added) {
    added.link = link.name();
    added.linkCreated = links.ensureLink(link.name(), link.type());
    for (InetAddress address : link.addresses()) {
      if (links.ensureAddress(link.name(), address)) {
        added.addresses.add(address);
      }
    }
  }

  /** What one setup call added to the node: what it undoes if it fails halfway. */
  private static final class Added {
    /** The link worked on; null until then. */
    String link;

    /** This call created the link: undoing removes it, addresses and all. */
    boolean linkCreated;

    final List<InetAddress> addresses = new ArrayList<>();
    final List<IptablesRule> rules = new ArrayList<>();
    Iptables iptables;
  }

  private Iptables iptables() {
    if (backend.isEmpty()) {
      backend = Optional.of(new BackendDetector(runner).detect());
    }
    return new Iptables(runner, backend.get());
  }

  private List<Iptables> iptablesForTeardown(NodePlan plan) {
    if (plan.rules().isEmpty()) {
      return List.of();
    }
    try {
      return List.of(iptables());
    } catch (NodeSetupException e) {
      // Both backends hold kube-proxy chains: ours may be in either, so clean both.
      return List.of(
          new Iptables(runner, IptablesBackend.LEGACY), new Iptables(runner, IptablesBackend.NFT));
    }
  }

  /**
   * An address we are told to own must not be on another link. Above all, kube-proxy in IPVS mode
   * holds the kube-dns ClusterIP on kube-ipvs0: taking it too breaks the Service for the node.
   */
  private void refuseAddressesHeldElsewhere(LinkPlan link) {
    List<IpLinks.LinkAddress> all;
    try {
      all = links.allAddresses();
    } catch (NodeCommandException e) {
      errors.count(e.type());
      throw new NodeSetupException("cannot list the node's addresses: " + e.getMessage(), e);
    }
    for (IpLinks.LinkAddress held : all) {
      if (held.link().equals(link.name()) || !link.addresses().contains(held.address())) {
        continue;
      }
      throw new NodeSetupException(heldElsewhere(held));
    }
  }

  private static String heldElsewhere(IpLinks.LinkAddress held) {
    String ip = IpLiterals.text(held.address());
    if (held.link().equals(KUBE_IPVS_LINK) || !held.address().isLinkLocalAddress()) {
      return ip
          + " is already on "
          + held.link()
          + " (kube-proxy in IPVS mode puts every ClusterIP "
          + "there); run with --mode ipvs, which leaves the ClusterIP to kube-proxy and binds only the "
          + "link-local address. The node was left untouched";
    }
    return ip
        + " is already on "
        + held.link()
        + "; pick another -localip. The node was left untouched";
  }

  /**
   * Removes what one failed setup call added, and nothing it found: a successor's failed start must
   * not take the rules and link its running predecessor serves on.
   */
  private void undoQuietly(Added added) {
    // The setup failure is what the operator needs to read; the undo is best effort.
    if (added.iptables != null) {
      for (IptablesRule rule : added.rules) {
        try {
          added.iptables.remove(rule);
        } catch (RuntimeException ignored) {
          // best effort
        }
      }
    }
    if (added.linkCreated) {
      try {
        links.removeLink(added.link);
      } catch (RuntimeException ignored) {
        // best effort
      }
      return;
    }
    for (InetAddress address : added.addresses) {
      try {
        links.removeAddress(added.link, address);
      } catch (RuntimeException ignored) {
        // best effort
      }
    }
  }
}
