package io.nodelocaldns.installer.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Optional;

/** Rendered manifests parsed into Kubernetes objects. */
record Rendered(String yaml, List<HasMetadata> objects) {
  static Rendered of(String yaml) {
    return new Rendered(
        yaml,
        HelmChart.documents(yaml).stream()
            .map(doc -> (HasMetadata) Serialization.unmarshal(doc))
            .toList());
  }

  /** {@code Kind/name} of every object, in order. */
  List<String> kindsAndNames() {
    return objects.stream().map(Rendered::id).toList();
  }

  static String id(HasMetadata object) {
    return object.getKind() + "/" + object.getMetadata().getName();
  }

  Optional<HasMetadata> find(String kind, String name) {
    return objects.stream()
        .filter(o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(name))
        .findFirst();
  }

  <T extends HasMetadata> T get(Class<T> type, String name) {
    Optional<HasMetadata> found = find(type.getSimpleName(), name);
    assertThat(found).as("%s/%s in the render", type.getSimpleName(), name).isPresent();
    return type.cast(found.get());
  }

  DaemonSet daemonSet() {
    return get(DaemonSet.class, HelmChart.NAME);
  }

  Container container() {
    return daemonSet().getSpec().getTemplate().getSpec().getContainers().getFirst();
  }

  List<String> args() {
    return container().getArgs();
  }

  Service service(String name) {
    return get(Service.class, name);
  }

  ConfigMap configMap(String name) {
    return get(ConfigMap.class, name);
  }

  String corefile() {
    return configMap(HelmChart.NAME).getData().get("Corefile");
  }
}
