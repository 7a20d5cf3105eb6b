package io.nodelocaldns.modes.agent;

import io.nodelocaldns.modes.mode.LocalIps;
import io.nodelocaldns.modes.mode.NodeMode;
import io.nodelocaldns.modes.mode.NodeOptions;
import io.nodelocaldns.modes.node.NodeNetwork;
import io.nodelocaldns.modes.node.NodePlan;
import io.nodelocaldns.modes.node.SetupErrors;
import io.nodelocaldns.modes.profile.Profile;
import java.io.PrintStream;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The production {@link AgentComponents}.
 *
 * <p><b>INTERIM — filled when the {@code node} branch merges.</b> Until then only what local mode
 * needs is here: the {@code local} mode (serves the Corefile's own addresses, needs nothing on the
 * node), the {@code generic} and {@code kind} profiles as pass-through of the node's nameservers,
 * and a network that accepts only the empty plan. {@code iptables}, {@code ipvs}, {@code auto}, the
 * {@code eks} profile and every real node command throw {@link UnsupportedOperationException}. The
 * {@code node} branch replaces each method body with its {@code IptablesMode}/{@code IpvsMode}/
 * {@code LocalMode} selection, its profiles and {@code CommandNodeNetwork}/{@code
 * DryRunCommandRunner}.
 */
public final class NodeAgentComponents implements AgentComponents {
  private static final String LANDS_WITH_NODE = " lands with the node branch";

  @Override
  public NodeMode mode(String name, LocalIps localIps) {
    if (!name.equals(ModeName.LOCAL.word())) {
      throw new UnsupportedOperationException("--mode " + name + LANDS_WITH_NODE + " (only --mode local works yet)");
    }
    return new InterimLocalMode();
  }

  @Override
  public Profile profile(String name, InetAddress vpcResolver) {
    if (name.equals(ProfileName.EKS.word())) {
      throw new UnsupportedOperationException("--profile eks" + LANDS_WITH_NODE);
    }
    return new Profile() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<InetAddress> upstreamServers(List<InetAddress> nodeNameservers) {
        return nodeNameservers;
      }
    };
  }

  @Override
  public NodeNetwork network(boolean dryRun, SetupErrors errors, PrintStream out) {
    return new NodeNetwork() {
      @Override
      public void setUp(NodePlan plan) {
        requireEmpty(plan);
      }

      @Override
      public void reconcile(NodePlan plan) {
        requireEmpty(plan);
      }

      @Override
      public void tearDown(NodePlan plan) {
        requireEmpty(plan);
      }
    };
  }

  private static void requireEmpty(NodePlan plan) {
    if (!plan.equals(NodePlan.NOTHING)) {
      throw new UnsupportedOperationException("node setup" + LANDS_WITH_NODE);
    }
  }

  /** Local mode until the node branch's {@code LocalMode}: the Corefile's binds, nothing on the node. */
  private static final class InterimLocalMode implements NodeMode {
    @Override
    public String name() {
      return ModeName.LOCAL.word();
    }

    @Override
    public List<InetAddress> listenAddresses(LocalIps localIps) {
      return localIps.all();
    }

    @Override
    public NodePlan plan(NodeOptions options) {
      return NodePlan.NOTHING;
    }

    @Override
    public Optional<String> kubeletAdvice(LocalIps localIps) {
      return Optional.empty();
    }
  }
}
