package io.nodelocaldns.modes.agent;

import io.nodelocaldns.modes.mode.LocalIps;
import io.nodelocaldns.modes.mode.ModeChoice;
import io.nodelocaldns.modes.mode.NodeMode;
import io.nodelocaldns.modes.node.NodeNetwork;
import io.nodelocaldns.modes.node.SetupErrors;
import io.nodelocaldns.modes.profile.Profile;
import java.io.PrintStream;
import java.net.InetAddress;

/**
 * The seam between the agent's lifecycle and the node: everything node-facing the agent uses comes
 * from here. Production: {@link NodeAgentComponents}; tests pass doubles.
 */
public interface AgentComponents {
  /**
   * The mode for {@code --mode}; {@code auto} picks one for {@code localIps} on this node.
   *
   * @throws UnsupportedOperationException or {@link io.nodelocaldns.modes.node.NodeSetupException}
   *     with a message for the operator when the mode cannot be had here
   */
  NodeMode mode(ModeChoice choice, LocalIps localIps);

  /** The profile for {@code --profile}; {@code vpcResolver} is the eks profile's upstream. */
  Profile profile(String name, InetAddress vpcResolver);

  /**
   * Where plans are applied.
   *
   * @param dryRun print each command to {@code out} instead of running it
   * @param errors where reconcile counts its failures
   */
  NodeNetwork network(boolean dryRun, SetupErrors errors, PrintStream out);
}
