package io.nodelocaldns.installer.install;

import io.nodelocaldns.installer.InstallerException;
import io.nodelocaldns.installer.chart.HelmChart;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLFactory;

/**
 * The objects a render produced, by kind and name: for dry-run listings and the DaemonSet's name.
 */
public record Manifests(List<Manifests.Ref> objects) {
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
    for (String doc : HelmChart.documents(manifests)) {
      try {
        JsonNode node = YAML.readTree(doc);
        if (node != null && node.has("kind")) {
          refs.add(
              new Ref(node.path("kind").asString(), node.path("metadata").path("name").asString()));
        }
      } catch (JacksonException e) {
        throw new InstallerException(
            "the chart rendered a document that is not YAML: " + e.getMessage());
      }
    }
    return new Manifests(List.copyOf(refs));
  }

  public Optional<String> daemonSet() {
    return objects.stream().filter(r -> "DaemonSet".equals(r.kind())).map(Ref::name).findFirst();
  }
}
