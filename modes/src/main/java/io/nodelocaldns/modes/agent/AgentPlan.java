package io.nodelocaldns.modes.agent;

import io.nodelocaldns.modes.mode.LocalIps;
import io.nodelocaldns.modes.mode.NodeMode;
import io.nodelocaldns.modes.node.NodePlan;
import io.nodelocaldns.modes.node.NodeSetupException;
import io.nodelocaldns.modes.node.SetupErrors;
import io.nodelocaldns.modes.profile.Profile;
import io.nodelocaldns.modes.template.CorefileTemplater;
import io.nodelocaldns.modes.template.KubeDnsConfigReader;
import io.nodelocaldns.modes.template.TemplateException;
import io.nodelocaldns.modes.template.TemplateValues;
import io.nodelocaldns.runtime.corefile.CorefileException;
import io.nodelocaldns.runtime.forward.ResolvConf;
import io.nodelocaldns.runtime.plugin.Corefile;

/**
 * What the agent is to do, worked out before anything changes: the mode and profile, what the node
 * needs, and the Corefile templated from the base. {@code --dry-run} prints it; a real run executes
 * it.
 *
 * @param localIps {@code -localip}, or loopback in local mode
 * @param node the link and rules the mode needs
 * @param corefile the Corefile to write to {@code -conf} and serve
 * @param corefileSync keeps {@code -conf} and the runtime in step with the inputs {@code corefile}
 *     was templated from; it did the first templating, so it holds their state since then
 */
record AgentPlan(
    LocalIps localIps,
    NodeMode mode,
    Profile profile,
    NodePlan node,
    Corefile corefile,
    CorefileSync corefileSync) {

  /**
   * The plan for {@code config} on this node.
   *
   * @throws AgentFailure when the mode cannot be had here or the Corefile cannot be templated or
   *     served
   */
  static AgentPlan of(
      AgentConfig config,
      AgentComponents components,
      AgentEnvironment environment,
      SetupErrors errors)
      throws AgentFailure {
    LocalIps localIps = config.localIpsOrLoopback();
    NodeMode mode;
    Profile profile;
    NodePlan node;
    try {
      mode = components.mode(config.mode(), localIps);
      profile = components.profile(config.profile().word(), config.vpcResolver());
      node = mode.plan(config.nodeOptions());
    } catch (UnsupportedOperationException | IllegalArgumentException | NodeSetupException e) {
      throw AgentFailure.setup(e); // e.g. ipvs mode without a node-local -localip
    }
    CorefileTemplater templater =
        new CorefileTemplater(
            config.baseCorefile(),
            new KubeDnsConfigReader(config.kubeDnsConfigDir(), errors),
            new TemplateValues(
                localIps,
                mode.listenAddresses(localIps),
                config.clusterDnsEnvVar(),
                environment.env(),
                () -> profile.upstreamServers(ResolvConf.nameservers(environment.resolvConf()))));
    CorefileSync sync = new CorefileSync(templater, config.baseCorefile(), config.conf(), errors);
    try {
      return new AgentPlan(localIps, mode, profile, node, sync.first(), sync);
    } catch (TemplateException e) {
      throw AgentFailure.setup(e);
    } catch (CorefileException e) {
      throw AgentFailure.fatal(e);
    }
  }
}
