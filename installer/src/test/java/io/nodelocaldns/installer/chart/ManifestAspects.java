package io.nodelocaldns.installer.chart;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetUpdateStrategy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The parts of a NodeLocal DNSCache manifest that decide how it behaves, keyed by where they are
 * (e.g. {@code DaemonSet/node-local-dns container node-cache args}), so two manifests can be
 * compared part by part. Kubernetes' defaults are filled in where one side spells them out and the
 * other leaves them to the API server.
 */
final class ManifestAspects {
  private ManifestAspects() {}

  /** One part on both sides. */
  record Aspect(String where, Object upstream, Object chart) {
    boolean same() {
      return Objects.equals(upstream, chart);
    }

    @Override
    public String toString() {
      return where + "\n    upstream: " + upstream + "\n    chart:    " + chart;
    }
  }

  /** Every part of either manifest, side by side, in a stable order. */
  static List<Aspect> compare(Rendered upstream, Rendered chart) {
    Map<String, Object> a = of(upstream);
    Map<String, Object> b = of(chart);
    Map<String, Aspect> all = new TreeMap<>();
    a.forEach((where, value) -> all.put(where, new Aspect(where, value, b.get(where))));
    b.forEach((where, value) -> all.putIfAbsent(where, new Aspect(where, null, value)));
    return List.copyOf(all.values());
  }

  static Map<String, Object> of(Rendered manifest) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("objects", manifest.kindsAndNames().stream().sorted().toList());
    for (HasMetadata object : manifest.objects()) {
      String id = Rendered.id(object);
      out.put(id + " namespace", object.getMetadata().getNamespace());
      out.put(id + " labels", new TreeMap<>(orEmpty(object.getMetadata().getLabels())));
      out.put(id + " annotations", new TreeMap<>(orEmpty(object.getMetadata().getAnnotations())));
      switch (object) {
        case Service service -> service(id, service, out);
        case ConfigMap configMap -> configMap(id, configMap, out);
        case DaemonSet daemonSet -> daemonSet(id, daemonSet, out);
        case ServiceAccount account ->
            out.put(
                id + " automountServiceAccountToken",
                Optional.ofNullable(account.getAutomountServiceAccountToken()).orElse(true));
        default -> {}
      }
    }
    return out;
  }

  private static void service(String id, Service service, Map<String, Object> out) {
    out.put(id + " type", Optional.ofNullable(service.getSpec().getType()).orElse("ClusterIP"));
    out.put(id + " clusterIP", service.getSpec().getClusterIP());
    out.put(id + " selector", service.getSpec().getSelector());
    out.put(
        id + " ports", service.getSpec().getPorts().stream().map(ManifestAspects::port).toList());
  }

  private static String port(ServicePort port) {
    return port.getName()
        + " "
        + port.getPort()
        + "/"
        + Optional.ofNullable(port.getProtocol()).orElse("TCP")
        + " -> "
        + port.getTargetPort();
  }

  private static void configMap(String id, ConfigMap configMap, Map<String, Object> out) {
    out.put(id + " keys", List.copyOf(new TreeMap<>(configMap.getData()).keySet()));
    String corefile = configMap.getData().get("Corefile");
    if (corefile != null) {
      Map<String, List<String>> blocks = CorefileBlocks.of(corefile);
      out.put(id + " Corefile blocks", List.copyOf(blocks.keySet()));
      blocks.forEach((key, directives) -> out.put(id + " Corefile " + key, directives));
    }
  }

  private static void daemonSet(String id, DaemonSet daemonSet, Map<String, Object> out) {
    out.put(id + " selector", daemonSet.getSpec().getSelector());
    DaemonSetUpdateStrategy strategy = daemonSet.getSpec().getUpdateStrategy();
    out.put(
        id + " updateStrategy",
        strategy == null
            ? "RollingUpdate"
            : Optional.ofNullable(strategy.getType()).orElse("RollingUpdate")
                + " "
                + strategy.getRollingUpdate()
                + " minReadySeconds "
                + Optional.ofNullable(daemonSet.getSpec().getMinReadySeconds()).orElse(0));
    var template = daemonSet.getSpec().getTemplate();
    out.put(id + " pod labels", new TreeMap<>(orEmpty(template.getMetadata().getLabels())));
    out.put(
        id + " pod annotations", new TreeMap<>(orEmpty(template.getMetadata().getAnnotations())));
    PodSpec pod = template.getSpec();
    out.put(id + " priorityClassName", pod.getPriorityClassName());
    out.put(id + " serviceAccountName", pod.getServiceAccountName());
    // unset: the ServiceAccount's setting decides, whose own default is true
    out.put(id + " automountServiceAccountToken", pod.getAutomountServiceAccountToken());
    out.put(id + " securityContext", pod.getSecurityContext());
    out.put(id + " hostNetwork", pod.getHostNetwork());
    out.put(id + " dnsPolicy", pod.getDnsPolicy());
    out.put(id + " tolerations", pod.getTolerations());
    out.put(id + " nodeSelector", orEmpty(pod.getNodeSelector()));
    out.put(id + " affinity", pod.getAffinity());
    out.put(id + " volumes", pod.getVolumes());
    out.put(id + " initContainers", pod.getInitContainers());
    out.put(id + " containers", pod.getContainers().stream().map(Container::getName).toList());
    for (Container c : pod.getContainers()) {
      String where = id + " container " + c.getName() + " ";
      out.put(where + "image", c.getImage());
      out.put(where + "imagePullPolicy", pullPolicy(c));
      out.put(where + "command", c.getCommand());
      out.put(where + "args", c.getArgs());
      out.put(where + "env", c.getEnv());
      out.put(where + "securityContext", c.getSecurityContext());
      out.put(where + "ports", c.getPorts());
      out.put(where + "livenessProbe", c.getLivenessProbe());
      out.put(where + "readinessProbe", c.getReadinessProbe());
      out.put(where + "volumeMounts", c.getVolumeMounts());
      out.put(where + "resources", c.getResources());
    }
  }

  /** Kubernetes' default: Always for :latest or no tag, IfNotPresent otherwise. */
  private static String pullPolicy(Container c) {
    if (c.getImagePullPolicy() != null) {
      return c.getImagePullPolicy();
    }
    String image = c.getImage();
    boolean tagged = image.lastIndexOf(':') > image.lastIndexOf('/');
    return tagged && !image.endsWith(":latest") ? "IfNotPresent" : "Always";
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}
