package io.nodelocaldns.modes.agent;

import io.nodelocaldns.runtime.RuntimeOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the agent takes from the process around it, injected so tests can give their own.
 *
 * @param env the environment ({@code *_SERVICE_HOST})
 * @param resolvConf the node's resolv.conf, whose nameservers the profile turns into upstreams
 * @param out user-facing output ({@code --dry-run} prints here)
 * @param err user-facing errors
 * @param configCheckInterval how often the base Corefile and the kube-dns ConfigMap are re-checked
 * @param runtimeOptions how the DNS runtime runs (its {@code onFatal} is replaced by the agent's)
 */
public record AgentEnvironment(
    Map<String, String> env,
    Path resolvConf,
    PrintStream out,
    PrintStream err,
    Duration configCheckInterval,
    RuntimeOptions runtimeOptions) {
  public static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");

  /** As upstream's: the ConfigMap directories are re-checked every 10 s. */
  public static final Duration CONFIG_CHECK_INTERVAL = Duration.ofSeconds(10);

  public AgentEnvironment {
    env = Map.copyOf(env);
  }

  /** This process's environment, {@code /etc/resolv.conf}, the runtime's defaults. */
  public static AgentEnvironment system(PrintStream out, PrintStream err) {
    return new AgentEnvironment(
        System.getenv(), RESOLV_CONF, out, err, CONFIG_CHECK_INTERVAL, RuntimeOptions.defaults());
  }
}
