package io.nodelocaldns.modes.agent;

import io.nodelocaldns.modes.mode.LocalIps;
import io.nodelocaldns.modes.mode.ModeChoice;
import io.nodelocaldns.modes.mode.ModeSelector;
import io.nodelocaldns.modes.mode.NodeMode;
import io.nodelocaldns.modes.node.CommandNodeNetwork;
import io.nodelocaldns.modes.node.IpLinks;
import io.nodelocaldns.modes.node.NodeNetwork;
import io.nodelocaldns.modes.node.ProcessCommandRunner;
import io.nodelocaldns.modes.node.SetupErrors;
import io.nodelocaldns.modes.profile.Profile;
import io.nodelocaldns.modes.profile.Profiles;
import java.io.PrintStream;
import java.net.InetAddress;
import java.util.logging.Logger;

/** The production {@link AgentComponents}: the real modes, profiles and node commands. */
public final class NodeAgentComponents implements AgentComponents {

  private static final Logger LOG = Logger.getLogger(NodeAgentComponents.class.getName());

  /**
   * {@code auto} with a ClusterIP in {@code -localip} looks at {@code kube-ipvs0} first: see {@link
   * ModeSelector#auto}.
   */
  @Override
  public NodeMode mode(ModeChoice choice, LocalIps localIps) {
    ModeSelector.NodeFacts facts =
        choice == ModeChoice.AUTO && !localIps.clusterIps().isEmpty()
            ? new ModeSelector.NodeFacts(
                new IpLinks(new ProcessCommandRunner()).addresses(NodeNetwork.KUBE_IPVS_LINK))
            : ModeSelector.NodeFacts.NONE;
    ModeSelector.Selection selection = ModeSelector.select(choice, localIps, facts);
    selection.warning().ifPresent(LOG::warning);
    return selection.mode();
  }

  @Override
  public Profile profile(String name, InetAddress vpcResolver) {
    return Profiles.of(name, vpcResolver);
  }

  @Override
  public NodeNetwork network(boolean dryRun, SetupErrors errors, PrintStream out) {
    return dryRun ? CommandNodeNetwork.dryRun(out) : CommandNodeNetwork.real(errors);
  }
}
