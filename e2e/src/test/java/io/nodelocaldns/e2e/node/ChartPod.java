package io.nodelocaldns.e2e.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * What the chart's DaemonSet allows its container, as far as a chrooted run can imitate it: the
 * capabilities, no_new_privs, a read-only root filesystem and the emptyDirs it may write to. Read
 * from the chart's golden render ({@code installer/src/test/resources/chart/golden}), which the
 * installer's {@code GoldenRenderTest} keeps equal to what {@code helm template} renders, so the
 * image runs with what the chart grants, not with a copy of it.
 */
record ChartPod(
    List<String> drop,
    List<String> add,
    boolean allowPrivilegeEscalation,
    boolean readOnlyRootFilesystem,
    Optional<String> seccompProfile,
    List<String> emptyDirMounts,
    List<String> args) {
  /** The default render: profile generic, iptables mode. */
  static final Path RENDER =
      Path.of("../installer/src/test/resources/chart/golden/generic-iptables.yaml");

  private static final YAMLMapper YAML = new YAMLMapper();

  ChartPod {
    drop = List.copyOf(drop);
    add = List.copyOf(add);
    emptyDirMounts = List.copyOf(emptyDirMounts);
    args = List.copyOf(args);
  }

  /** The chart's pod, from {@link #RENDER}. */
  static ChartPod rendered() {
    return of(RENDER.toAbsolutePath().normalize());
  }

  /** The pod of the DaemonSet {@code node-local-dns} in a multi-document render. */
  static ChartPod of(Path render) {
    try (MappingIterator<JsonNode> documents =
        YAML.readerFor(JsonNode.class).readValues(Files.readString(render))) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document != null && document.path("kind").asString("").equals("DaemonSet")) {
          return of(document.path("spec").path("template").path("spec"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalArgumentException("no DaemonSet in " + render);
  }

  private static ChartPod of(JsonNode pod) {
    JsonNode container = pod.path("containers").path(0);
    JsonNode security = container.path("securityContext");
    Set<String> emptyDirs = new HashSet<>();
    pod.path("volumes")
        .forEach(
            volume -> {
              if (volume.has("emptyDir")) {
                emptyDirs.add(volume.path("name").asString());
              }
            });
    List<String> mounts = new ArrayList<>();
    container
        .path("volumeMounts")
        .forEach(
            mount -> {
              if (emptyDirs.contains(mount.path("name").asString())) {
                mounts.add(mount.path("mountPath").asString());
              }
            });
    return new ChartPod(
        strings(security.path("capabilities").path("drop")),
        strings(security.path("capabilities").path("add")),
        // Kubernetes' default is true
        security.path("allowPrivilegeEscalation").asBoolean(true),
        security.path("readOnlyRootFilesystem").asBoolean(false),
        Optional.ofNullable(security.path("seccompProfile").path("type").asString(null)),
        mounts,
        strings(container.path("args")));
  }

  /**
   * The capabilities the container keeps. Only a securityContext that drops ALL can be imitated
   * exactly: otherwise the container runtime's default set would be part of the answer.
   */
  List<String> capabilities() {
    if (!drop.contains("ALL")) {
      throw new IllegalStateException(
          "the chart's container no longer drops ALL capabilities (drop: "
              + drop
              + "): what it keeps depends on the container runtime's defaults");
    }
    return add;
  }

  /** The same pod without {@code capability} in {@code add}: to show that it is needed. */
  ChartPod without(String capability) {
    List<String> fewer = new ArrayList<>(add);
    if (!fewer.remove(capability)) {
      throw new IllegalArgumentException(capability + " is not among the chart's " + add);
    }
    return new ChartPod(
        drop,
        fewer,
        allowPrivilegeEscalation,
        readOnlyRootFilesystem,
        seccompProfile,
        emptyDirMounts,
        args);
  }

  /** {@code allowPrivilegeEscalation: false} is the process's no_new_privs flag. */
  boolean noNewPrivs() {
    return !allowPrivilegeEscalation;
  }

  /** The value of a flag in {@link #args()}, e.g. {@code -conf}. */
  Optional<String> flag(String name) {
    int i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? Optional.of(args.get(i + 1)) : Optional.empty();
  }

  /** Whether {@code file} is inside one of the emptyDirs, where the agent may write. */
  boolean writable(String file) {
    return emptyDirMounts.stream().anyMatch(dir -> Path.of(file).startsWith(dir));
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asString()));
    return values;
  }
}
