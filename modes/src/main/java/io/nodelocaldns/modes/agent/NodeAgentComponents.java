package io.nodelocaldns.modes.agent;

import io.nodelocaldns.modes.mode.LocalIps;
import io.nodelocaldns.modes.mode.ModeSelector;
import io.nodelocaldns.modes.mode.NodeMode;
import io.nodelocaldns.modes.node.CommandNodeNetwork;
import io.nodelocaldns.modes.node.NodeNetwork;
import io.nodelocaldns.modes.node.SetupErrors;
import io.nodelocaldns.modes.profile.Profile;
import io.nodelocaldns.modes.profile.Profiles;
import java.io.PrintStream;
import java.net.InetAddress;

/** The production {@link AgentComponents}: the real modes, profiles and node commands. */
public final class NodeAgentComponents implements AgentComponents {

  @Override
  public NodeMode mode(String name, LocalIps localIps) {
    return ModeSelector.select(name, localIps);
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
