package io.nodelocaldns.e2e.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How {@link AgentProcess} starts the agent in the node namespace: the packaged jar on this JVM's
 * JDK ({@link Jar}), or the container image's entrypoint chrooted into its unpacked root filesystem
 * ({@link Image}). Either way the process {@code ip netns exec} starts becomes the agent's JVM
 * (every step execs), so the tests signal and wait for the agent by that PID.
 */
sealed interface AgentLauncher {
  /** The command for {@code ip netns exec NODE} and the variables added to its environment. */
  record Launch(List<String> command, Map<String, String> environment) {
    public Launch {
      command = List.copyOf(command);
      environment = Map.copyOf(environment);
    }
  }

  /**
   * The launch of the agent with {@code args} (node-cache's flags), {@code env} (what the pod spec
   * sets) and {@code extraJvmFlags} (see {@link AgentProcess#extraJvmFlags()}); {@code run} is the
   * agent's directory (Corefiles, kube-dns config, pid file, log).
   */
  Launch launch(Path run, List<String> args, Map<String, String> env, List<String> extraJvmFlags);

  /** The jar the reactor packaged, as the node e2e has always run it; skips when not built. */
  static AgentLauncher jar() {
    return new Jar(
        Path.of(System.getProperty("java.home"), "bin", "java"),
        Preconditions.jvmOptions(),
        Preconditions.assumeAgentJar());
  }

  /** {@code java @jvm.options [extra flags] -jar AGENT_JAR ARGS}. */
  record Jar(Path java, Path jvmOptions, Path jar) implements AgentLauncher {
    @Override
    public Launch launch(
        Path run, List<String> args, Map<String, String> env, List<String> extraJvmFlags) {
      List<String> command = new ArrayList<>(List.of(java.toString(), "@" + jvmOptions));
      command.addAll(extraJvmFlags);
      command.addAll(List.of("-jar", jar.toString()));
      command.addAll(args);
      return new Launch(command, env);
    }
  }

  /**
   * The image run as a privileged DaemonSet pod with host networking runs it, as far as a chroot
   * can: in a mount namespace of its own (so every mount goes away with the JVM), with {@code
   * /proc}, {@code /sys}, {@code /dev} and a fresh {@code /tmp}; the host's {@code
   * /run/xtables.lock} (the chart mounts it, so the agent's iptables and kube-proxy's take the same
   * lock); the node's resolv.conf (dnsPolicy Default); the run directory at its own path, as the
   * chart mounts the Corefile and the kube-dns ConfigMap; the image's Env plus the pod's, nothing
   * of this JVM's environment. Extra JVM flags go in {@code JDK_JAVA_OPTIONS}: the entrypoint is
   * the image's, unchanged.
   */
  record Image(ImageRootfs rootfs, Path chroot) implements AgentLauncher {
    static final String XTABLES_LOCK = "/run/xtables.lock";

    /** Run by {@code sh -c} in the new mount namespace: $1 the root, $2 the run directory. */
    static final String MOUNTS =
        """
        set -e
        root=$1 run=$2
        shift 2
        mount -t proc proc "$root/proc"
        mount -t sysfs sysfs "$root/sys"
        mount --rbind /dev "$root/dev"
        mount -t tmpfs tmpfs "$root/tmp"
        touch %1$s "$root%1$s" "$root/etc/resolv.conf"
        mount --bind %1$s "$root%1$s"
        mount --bind /etc/resolv.conf "$root/etc/resolv.conf"
        mkdir -p "$root$run"
        mount --bind "$run" "$root$run"
        exec "$@"
        """
            .formatted(XTABLES_LOCK);

    /** For {@code rootfs}, with the host's {@code chroot} (a Debian machine has it in sbin). */
    static Image of(ImageRootfs rootfs) {
      return new Image(
          rootfs,
          Stream.of("/usr/sbin/chroot", "/sbin/chroot", "/usr/bin/chroot")
              .map(Path::of)
              .filter(Files::isExecutable)
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no chroot (coreutils) on this host")));
    }

    @Override
    public Launch launch(
        Path run, List<String> args, Map<String, String> env, List<String> extraJvmFlags) {
      Map<String, String> environment = new LinkedHashMap<>(rootfs.config().environment());
      environment.putAll(env);
      if (!extraJvmFlags.isEmpty()) {
        environment.put("JDK_JAVA_OPTIONS", String.join(" ", extraJvmFlags));
      }
      List<String> command =
          new ArrayList<>(
              List.of(
                  "unshare",
                  "--mount",
                  "--propagation",
                  "private",
                  "sh",
                  "-c",
                  MOUNTS,
                  "sh",
                  rootfs.root().toString(),
                  run.toString(),
                  "env",
                  "-i"));
      environment.forEach((name, value) -> command.add(name + "=" + value));
      // chroot finds the entrypoint's `java` on the image's PATH (env -i set it)
      command.addAll(List.of(chroot.toString(), rootfs.root().toString()));
      command.addAll(rootfs.command(args));
      return new Launch(command, Map.of());
    }
  }
}
