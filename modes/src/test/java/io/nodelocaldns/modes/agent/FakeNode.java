package io.nodelocaldns.modes.agent;

import io.nodelocaldns.modes.mode.LocalIps;
import io.nodelocaldns.modes.mode.ModeChoice;
import io.nodelocaldns.modes.mode.NodeMode;
import io.nodelocaldns.modes.mode.NodeOptions;
import io.nodelocaldns.modes.node.LinkPlan;
import io.nodelocaldns.modes.node.NodeNetwork;
import io.nodelocaldns.modes.node.NodePlan;
import io.nodelocaldns.modes.node.SetupErrors;
import io.nodelocaldns.modes.profile.Profile;
import java.io.PrintStream;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Test doubles for everything node-facing: a mode that binds every {@code -localip} and plans a
 * link, a pass-through profile, and a network that records the verbs it was asked for (and can run
 * a hook inside {@code setUp}).
 */
final class FakeNode implements AgentComponents {
  final List<String> calls = new CopyOnWriteArrayList<>();
  volatile Consumer<NodePlan> onSetUp = plan -> {};
  volatile SetupErrors errors;

  @Override
  public NodeMode mode(ModeChoice choice, LocalIps localIps) {
    return new NodeMode() {
      @Override
      public String name() {
        return "fake";
      }

      @Override
      public List<InetAddress> listenAddresses(LocalIps ips) {
        return ips.all();
      }

      @Override
      public NodePlan plan(NodeOptions options) {
        return new NodePlan(
            Optional.of(
                new LinkPlan(
                    options.interfaceName(), options.linkType(), options.localIps().all())),
            List.of());
      }

      @Override
      public Optional<String> kubeletAdvice(LocalIps ips) {
        return Optional.of("--cluster-dns=" + ips.all().get(0).getHostAddress());
      }
    };
  }

  @Override
  public Profile profile(String name, InetAddress vpcResolver) {
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
  public NodeNetwork network(boolean dryRun, SetupErrors setupErrors, PrintStream out) {
    this.errors = setupErrors;
    return new NodeNetwork() {
      @Override
      public void prepareLink(NodePlan plan) {
        calls.add("prepareLink");
      }

      @Override
      public void setUp(NodePlan plan) {
        calls.add("setUp");
        if (dryRun) {
          out.println(
              "ip link add "
                  + plan.link().orElseThrow().name()
                  + " type "
                  + plan.link().orElseThrow().type().ipLinkType());
        }
        onSetUp.accept(plan);
      }

      @Override
      public void reconcile(NodePlan plan) {
        calls.add("reconcile");
      }

      @Override
      public void tearDown(NodePlan plan) {
        calls.add("tearDown");
      }
    };
  }

  long count(String verb) {
    return calls.stream().filter(verb::equals).count();
  }
}
