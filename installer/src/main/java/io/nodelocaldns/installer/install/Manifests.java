package io.nodelocaldns.installer.install;

import io.nodelocaldns.installer.InstallerException;
import io.nodelocaldns.installer.chart.HelmChart;
import io.nodelocaldns.installer.kube.AgentDaemonSet;
import io.nodelocaldns.installer.values.LocalIps;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLFactory;

/**
 * The objects a render produced, by kind and name, and the addresses its agent serves ({@code
 * -localip}): for dry-run listings and the DaemonSet's name.
 */
public record Manifests(List<Manifests.Ref> objects, LocalIps served) {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** One object of the render. */
  public record Ref(String kind, String name) {
    @Override
    public String toString() {
      return kind + "/" + name;
    }
  }

  public static Manifests parse(String manifests) {
    List<Ref> refs = new ArrayList<>();
    LocalIps served = new LocalIps(List.of());
    for (String doc : HelmChart.documents(manifests)) {
      try {
        JsonNode node = YAML.readTree(doc);
        if (node != null && node.has("kind")) {
          refs.add(
              new Ref(node.path("kind").asString(), node.path("metadata").path("name").asString()));
          if ("DaemonSet".equals(node.path("kind").asString()) && served.all().isEmpty()) {
            served = localIps(node);
          }
        }
      } catch (JacksonException e) {
        throw new InstallerException(
            "the chart rendered a document that is not YAML: " + e.getMessage());
      }
    }
    return new Manifests(List.copyOf(refs), served);
  }

  private static LocalIps localIps(JsonNode daemonSet) {
    List<String> args = new ArrayList<>();
    daemonSet
        .path("spec")
        .path("template")
        .path("spec")
        .path("containers")
        .path(0)
        .path("args")
        .forEach(a -> args.add(a.asString()));
    return LocalIps.parse(AgentDaemonSet.flag(args, "localip").orElse(""));
  }

  public Optional<String> daemonSet() {
    return objects.stream().filter(r -> "DaemonSet".equals(r.kind())).map(Ref::name).findFirst();
  }
}
