package io.nodelocaldns.e2e.node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How {@link AgentProcess} starts the agent in the node namespace: the packaged jar on this JVM's
 * JDK ({@link Jar}), the jar with a community chart's volumes ({@link ChartVolumes}), or the
 * container image's entrypoint chrooted into its unpacked root filesystem ({@link Image}). Either
 * way the process {@code ip netns exec} starts becomes the agent's JVM (every step execs), so the
 * tests signal and wait for the agent by that PID.
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
  static Jar jar() {
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
   * The jar with a community chart's volumes where its DaemonSet mounts them, so that the agent
   * runs with that DaemonSet's own arguments (no {@code -basecorefile}, {@code -conf
   * /etc/Corefile}, the default {@code -kubednscm /etc/kube-dns}): in a mount namespace of its own,
   * {@code /etc} is an overlay whose upper layer is {@code RUN/etc}, holding the base Corefile as
   * {@code coredns/Corefile.base} (the chart's config-volume, item {@code Corefile} → path {@code
   * Corefile.base}) and as {@code kube-dns/Corefile} (its kube-dns-config volume mounts the same
   * ConfigMap whole). Whatever the agent writes under {@code /etc} lands in {@code RUN/etc}; the
   * host's {@code /etc} is never changed. The node's resolv.conf is bound again over the overlay,
   * as {@code ip netns exec} had bound it (dnsPolicy Default).
   */
  record ChartVolumes(Jar jar, Path resolvConf) implements AgentLauncher {
    /** Where the agent's {@code /etc} changes land: {@code RUN/etc}. */
    static final String UPPER = "etc";

    /**
     * Run by {@code sh -c} in the new mount namespace: $1 the run directory, $2 the node's
     * resolv.conf.
     */
    static final String MOUNTS =
        """
        set -e
        run=$1 resolv=$2
        shift 2
        mkdir -p "$run/etc/coredns" "$run/etc/kube-dns" "$run/etc-work"
        cp "$run/Corefile.base" "$run/etc/coredns/Corefile.base"
        cp "$run/Corefile.base" "$run/etc/kube-dns/Corefile"
        mount -t overlay overlay -o "lowerdir=/etc,upperdir=$run/etc,workdir=$run/etc-work" /etc
        mount --bind "$resolv" /etc/resolv.conf
        # the default --state-dir is under /var/lib: the container's own, as in that chart's pod
        mount -t tmpfs tmpfs /var/lib
        exec "$@"
        """;

    /** The packaged jar ({@link AgentLauncher#jar()}) with the chart's volumes. */
    static ChartVolumes of(Path resolvConf) {
      return new ChartVolumes(AgentLauncher.jar(), resolvConf);
    }

    @Override
    public Launch launch(
        Path run, List<String> args, Map<String, String> env, List<String> extraJvmFlags) {
      if (run.toString().matches(".*[,:\\s].*")) {
        throw new IllegalArgumentException("a run directory overlayfs cannot take: " + run);
      }
      Launch java = jar.launch(run, args, env, extraJvmFlags);
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
                  run.toString(),
                  resolvConf.toString()));
      command.addAll(java.command());
      return new Launch(command, java.environment());
    }
  }

  /**
   * The image run as the chart's DaemonSet pod runs it, as far as a chroot can: in a mount
   * namespace of its own (so every mount goes away with the JVM), with {@code /proc} ({@code
   * /proc/sys} read-only), {@code /sys} (read-only), {@code /dev}; the host's {@code
   * /run/xtables.lock} (the chart mounts it, so the agent's iptables and kube-proxy's take the same
   * lock); the node's resolv.conf (dnsPolicy Default); the run directory at its own path, as the
   * chart mounts the Corefile and the kube-dns ConfigMap; the image's Env plus the pod's, nothing
   * of this JVM's environment. Extra JVM flags go in {@code JDK_JAVA_OPTIONS}: the entrypoint is
   * the image's, unchanged.
   *
   * <p>And restricted as the chart's {@link ChartPod} says: the root filesystem read-only (a
   * read-only bind mount of the unpacked root) with a fresh tmpfs at each emptyDir's mount path,
   * where the chart's {@code -conf} and {@code -pidfile} are (they replace the run directory's; the
   * run directory stays writable, as the agent's log is there); {@code capsh} chroots, drops every
   * capability but the chart's from the bounding set, empties the inheritable set, sets
   * no_new_privs and execs the entrypoint, which as root then has exactly the chart's capabilities.
   * Seccomp is not imitated.
   */
  record Image(ImageRootfs rootfs, ChartPod pod, Path capsh, int lastCap) implements AgentLauncher {
    static final String XTABLES_LOCK = "/run/xtables.lock";

    /** The flag naming the state directory, which the chart mounts from the node. */
    static final String STATE_DIR = "--state-dir";

    /**
     * Run by {@code sh -c} in the new mount namespace: $1 the root, $2 the run directory, $3 the
     * emptyDirs' mount paths (space-separated), $4 whether the root is read-only, $5 the node's
     * state directory and $6 where the chart mounts it (its hostPath; empty: not mounted). Mount
     * points are made first, as a container runtime makes them before it turns the root read-only.
     */
    static final String MOUNTS =
        """
        set -e
        root=$1 run=$2 emptydirs=$3 readonly=$4 state=$5 statepath=$6
        shift 6
        touch %1$s "$root%1$s" "$root/etc/resolv.conf"
        mkdir -p "$root$run"
        for dir in $emptydirs; do mkdir -p "$root$dir"; done
        if [ -n "$statepath" ]; then mkdir -p "$state" "$root$statepath"; fi
        if [ "$readonly" = true ]; then
          mount --bind "$root" "$root"
          mount -o remount,bind,ro "$root"
        fi
        mount -t proc proc "$root/proc"
        mount --bind "$root/proc/sys" "$root/proc/sys"
        mount -o remount,bind,ro "$root/proc/sys"
        mount -t sysfs -o ro sysfs "$root/sys"
        mount --rbind /dev "$root/dev"
        for dir in $emptydirs; do mount -t tmpfs tmpfs "$root$dir"; done
        # again: a run directory under an emptyDir's path (/tmp) is hidden by its tmpfs
        mkdir -p "$root$run"
        mount --bind %1$s "$root%1$s"
        mount --bind /etc/resolv.conf "$root/etc/resolv.conf"
        mount --bind "$run" "$root$run"
        if [ -n "$statepath" ]; then mount --bind "$state" "$root$statepath"; fi
        exec "$@"
        """
            .formatted(XTABLES_LOCK);

    /** For {@code rootfs}, restricted as the chart's pod, with the host's {@code capsh}. */
    static Image of(ImageRootfs rootfs) {
      return new Image(
          rootfs, ChartPod.rendered(), Preconditions.assumeCapsh(), Capabilities.lastCap());
    }

    @Override
    public Launch launch(
        Path run, List<String> args, Map<String, String> env, List<String> extraJvmFlags) {
      Map<String, String> environment = new LinkedHashMap<>(rootfs.config().environment());
      environment.putAll(env);
      if (!extraJvmFlags.isEmpty()) {
        environment.put("JDK_JAVA_OPTIONS", String.join(" ", extraJvmFlags));
      }
      for (String dir : pod.emptyDirMounts()) {
        if (!dir.startsWith("/") || dir.chars().anyMatch(Character::isWhitespace)) {
          throw new IllegalArgumentException(
              "an emptyDir mount path this launcher cannot use: " + dir);
        }
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
                  String.join(" ", pod.emptyDirMounts()),
                  String.valueOf(pod.readOnlyRootFilesystem()),
                  // the node's state directory (AgentProcess's --state-dir) where the chart's
                  // hostPath puts it
                  run.resolveSibling("state").toString(),
                  pod.flag(STATE_DIR).orElse(""),
                  "env",
                  "-i"));
      environment.forEach((name, value) -> command.add(name + "=" + value));
      // capsh execs its --shell with the arguments after --: the entrypoint's program, found on
      // the image's PATH as a runtime finds it, then the rest of the entrypoint and the args
      List<String> entrypoint = rootfs.command(chartPaths(args));
      command.addAll(
          List.of(
              capsh.toString(),
              "--chroot=" + rootfs.root(),
              "--drop=" + Capabilities.dropAllBut(pod.capabilities(), lastCap),
              "--inh="));
      if (pod.noNewPrivs()) {
        command.add("--no-new-privs");
      }
      command.add("--shell=" + rootfs.executable(entrypoint.getFirst()));
      command.add("--");
      command.addAll(entrypoint.subList(1, entrypoint.size()));
      return new Launch(command, Map.of());
    }

    /**
     * {@code args} with the chart's {@code -conf} and {@code -pidfile}, the files the agent writes,
     * so that it writes them where the chart's pod does: into its emptyDirs.
     */
    List<String> chartPaths(List<String> args) {
      List<String> out = new ArrayList<>(args);
      for (String flag : List.of("-conf", "-pidfile", STATE_DIR)) {
        int i = out.indexOf(flag);
        Optional<String> chart = pod.flag(flag);
        if (i >= 0 && i + 1 < out.size() && chart.isPresent()) {
          out.set(i + 1, chart.get());
        }
      }
      return out;
    }
  }
}
