package io.nodelocaldns.installer.chart;

import static io.nodelocaldns.installer.chart.TestChart.KUBE_DNS_IP;
import static io.nodelocaldns.installer.chart.TestChart.LOCAL_IP;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.nodelocaldns.installer.chart.ManifestAspects.Aspect;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default render (iptables mode) is the upstream manifest after its iptables {@code sed},
 * except for the deliberate differences listed here and in charts/README.md.
 */
class UpstreamEquivalenceTest {
  private static final String DS = "DaemonSet/node-local-dns";
  private static final String CONTAINER = DS + " container node-cache ";
  private static final String CLUSTER_BLOCK = "ConfigMap/node-local-dns Corefile cluster.local:53";

  /** Where the chart differs on purpose → the difference's name in charts/README.md. */
  private static final Map<String, String> DELIBERATE =
      Map.ofEntries(
          entry("ServiceAccount/node-local-dns labels", "labels"),
          entry("Service/kube-dns-upstream labels", "labels"),
          entry("ConfigMap/node-local-dns labels", "labels"),
          entry(DS + " labels", "labels"),
          entry(DS + " pod labels", "labels"),
          entry("Service/node-local-dns labels", "labels"),
          entry(CLUSTER_BLOCK, "ready"),
          entry(CONTAINER + "readinessProbe", "readiness-probe"),
          entry(CONTAINER + "ports", "container-ports"),
          entry(CONTAINER + "args", "args"),
          entry(CONTAINER + "image", "image"),
          entry(CONTAINER + "resources", "resources"),
          entry(DS + " tolerations", "tolerations"),
          entry(DS + " nodeSelector", "node-selector"),
          entry(DS + " updateStrategy", "update-strategy"),
          entry(CONTAINER + "securityContext", "security-context"),
          entry(CONTAINER + "volumeMounts", "writable-dirs"),
          entry(DS + " volumes", "writable-dirs"),
          entry(DS + " automountServiceAccountToken", "service-account-token"),
          entry(
              "ServiceAccount/node-local-dns automountServiceAccountToken",
              "service-account-token"));

  /** Upstream's {@code -conf}, which a read-only root filesystem rules out. */
  private static final String UPSTREAM_CONF = "/etc/Corefile";

  /** Ours: an emptyDir of its own. */
  static final String CONF = "/run/node-local-dns/Corefile";

  /**
   * The capabilities a container gets from containerd (and Docker) when its securityContext adds or
   * drops none: what upstream's pod runs with besides the NET_ADMIN it adds. CRI-O's defaults are
   * fewer (no NET_RAW among them).
   */
  private static final Set<String> RUNTIME_DEFAULT_CAPABILITIES =
      Set.of(
          "CHOWN",
          "DAC_OVERRIDE",
          "FSETID",
          "FOWNER",
          "MKNOD",
          "NET_RAW",
          "SETGID",
          "SETUID",
          "SETFCAP",
          "SETPCAP",
          "NET_BIND_SERVICE",
          "SYS_CHROOT",
          "KILL",
          "AUDIT_WRITE");

  private static final Set<String> HELM_LABELS =
      Set.of(
          "helm.sh/chart",
          "app.kubernetes.io/name",
          "app.kubernetes.io/instance",
          "app.kubernetes.io/version",
          "app.kubernetes.io/managed-by");

  private static Rendered upstream;
  private static Rendered chart;
  private static Map<String, Aspect> differences;

  @BeforeAll
  static void render() throws IOException {
    upstream = Rendered.of(upstreamIptablesSed(upstreamManifest(), LOCAL_IP, "cluster.local"));
    chart = TestChart.render();
    differences = differences(upstream, chart);
  }

  private static Map<String, Aspect> differences(Rendered upstream, Rendered chart) {
    Map<String, Aspect> found = new HashMap<>();
    ManifestAspects.compare(upstream, chart).stream()
        .filter(aspect -> !aspect.same())
        .forEach(aspect -> found.put(aspect.where(), aspect));
    return found;
  }

  /** The official instructions' iptables-mode sed, as users run it. */
  static String upstreamIptablesSed(String manifest, String localDns, String domain) {
    return manifest
        .replace("__PILLAR__LOCAL__DNS__", localDns)
        .replace("__PILLAR__DNS__DOMAIN__", domain)
        .replace("__PILLAR__DNS__SERVER__", KUBE_DNS_IP);
  }

  /**
   * The official instructions' IPVS-mode sed: {@code s/__PILLAR__LOCAL__DNS__/$localdns/g;
   * s/__PILLAR__DNS__DOMAIN__/$domain/g; s/,__PILLAR__DNS__SERVER__//g;
   * s/__PILLAR__CLUSTER__DNS__/$kubedns/g}.
   */
  static String upstreamIpvsSed(String manifest, String localDns, String domain) {
    return manifest
        .replace("__PILLAR__LOCAL__DNS__", localDns)
        .replace("__PILLAR__DNS__DOMAIN__", domain)
        .replace(",__PILLAR__DNS__SERVER__", "")
        .replace("__PILLAR__CLUSTER__DNS__", KUBE_DNS_IP);
  }

  static String upstreamManifest() throws IOException {
    try (InputStream in =
        UpstreamEquivalenceTest.class.getResourceAsStream("/chart/upstream/nodelocaldns.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void sameObjects() {
    assertThat(chart.kindsAndNames()).containsExactlyInAnyOrderElementsOf(upstream.kindsAndNames());
  }

  @Test
  void onlyTheDeliberateDifferences() {
    List<Aspect> unexpected =
        differences.values().stream().filter(a -> !DELIBERATE.containsKey(a.where())).toList();
    List<String> missing =
        DELIBERATE.keySet().stream().filter(w -> !differences.containsKey(w)).sorted().toList();

    assertThat(unexpected)
        .as(
            "differences from the upstream manifest that are not deliberate:\n%s",
            unexpected.stream().map(Aspect::toString).collect(Collectors.joining("\n")))
        .isEmpty();
    assertThat(missing).as("deliberate differences that are gone (update the list)").isEmpty();
  }

  @Test
  void ipvsRenderIsTheUpstreamIpvsSedWithTheBindTokenDropped() throws IOException {
    String sed = upstreamIpvsSed(upstreamManifest(), LOCAL_IP, "cluster.local");
    // the IPVS sed leaves the token in bind lines; the agent drops it there (CorefileTemplater),
    // the chart never writes it
    assertThat(sed).contains("bind " + LOCAL_IP + " __PILLAR__DNS__SERVER__");
    Rendered upstreamIpvs = Rendered.of(sed.replace(" __PILLAR__DNS__SERVER__", ""));
    Rendered chartIpvs = TestChart.render("mode=ipvs");

    Map<String, Aspect> ipvs = differences(upstreamIpvs, chartIpvs);

    assertThat(ipvs.keySet()).containsExactlyInAnyOrderElementsOf(DELIBERATE.keySet());
    assertThat(chartIpvs.args())
        .startsWith(withOurConf(upstreamIpvs.args()).toArray(String[]::new))
        .endsWith(
            "--mode", "ipvs", "--profile", "generic", "--state-dir", "/var/lib/node-local-dns");
    assertThat(upstreamIpvs.args()).containsSubsequence("-localip", LOCAL_IP);
  }

  @Test
  void everyDeliberateDifferenceIsInTheChartsReadme() throws IOException {
    String readme = Files.readString(TestChart.DIRECTORY.resolveSibling("README.md"));

    assertThat(Set.copyOf(DELIBERATE.values()))
        .allSatisfy(name -> assertThat(readme).contains("| `" + name + "` |"));
  }

  @Test
  void labelsAddHelmsAndDropTheAddonManagers() {
    for (String where : DELIBERATE.keySet()) {
      if (!DELIBERATE.get(where).equals("labels")) {
        continue;
      }
      Map<String, String> before = labels(differences.get(where).upstream());
      Map<String, String> after = labels(differences.get(where).chart());
      Map<String, String> expected = new HashMap<>(before);
      // the addon manager prunes objects with this label that are not in its own directory
      expected.remove("addonmanager.kubernetes.io/mode");
      HELM_LABELS.forEach(label -> expected.put(label, after.get(label)));

      assertThat(after).as(where).isEqualTo(expected);
      assertThat(after.keySet()).as(where).containsAll(HELM_LABELS);
    }
  }

  @Test
  void corefileAddsReadyOnly() {
    List<String> added = new ArrayList<>(list(differences.get(CLUSTER_BLOCK).chart()));
    List<String> removed = new ArrayList<>(list(differences.get(CLUSTER_BLOCK).upstream()));
    added.removeAll(list(differences.get(CLUSTER_BLOCK).upstream()));
    removed.removeAll(list(differences.get(CLUSTER_BLOCK).chart()));

    assertThat(added).containsExactly("ready " + LOCAL_IP + ":8181");
    assertThat(removed).isEmpty();
  }

  @Test
  void argsAddModeProfileAndStateDirAndWriteTheCorefileToAnEmptyDir() {
    List<String> upstreamArgs = upstream.args();

    assertThat(upstreamArgs).containsSubsequence("-conf", UPSTREAM_CONF);
    assertThat(chart.args())
        .startsWith(withOurConf(upstreamArgs).toArray(String[]::new))
        .endsWith(
            "--mode", "iptables", "--profile", "generic", "--state-dir", "/var/lib/node-local-dns")
        .hasSize(upstreamArgs.size() + 6);
  }

  @Test
  void capabilitiesAreWhatTheAgentNeedsOfWhatUpstreamsPodHas() {
    SecurityContext ours = chart.container().getSecurityContext();
    SecurityContext theirs = upstream.container().getSecurityContext();

    assertThat(ours.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(ours.getCapabilities().getAdd())
        .containsExactly("NET_ADMIN", "NET_BIND_SERVICE", "NET_RAW");
    // upstream adds NET_ADMIN to the runtime's defaults; ours is a part of that, never more
    assertThat(theirs.getCapabilities().getDrop()).isNullOrEmpty();
    Set<String> upstreamHas = new HashSet<>(RUNTIME_DEFAULT_CAPABILITIES);
    upstreamHas.addAll(theirs.getCapabilities().getAdd());
    assertThat(upstreamHas).containsAll(ours.getCapabilities().getAdd());
    assertThat(ours.getPrivileged()).isNull();
  }

  @Test
  void hardenedWhereUpstreamIsNot() {
    SecurityContext ours = chart.container().getSecurityContext();
    SecurityContext theirs = upstream.container().getSecurityContext();

    assertThat(ours.getAllowPrivilegeEscalation()).isFalse();
    assertThat(ours.getReadOnlyRootFilesystem()).isTrue();
    assertThat(ours.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(theirs.getAllowPrivilegeEscalation()).isNull();
    assertThat(theirs.getReadOnlyRootFilesystem()).isNull();
    assertThat(theirs.getSeccompProfile()).isNull();
  }

  @Test
  void noServiceAccountTokenInThePod() {
    ServiceAccount account = chart.get(ServiceAccount.class, HelmChart.NAME);

    assertThat(
            chart.daemonSet().getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
        .isFalse();
    assertThat(account.getAutomountServiceAccountToken()).isFalse();
    assertThat(upstream.get(ServiceAccount.class, HelmChart.NAME).getAutomountServiceAccountToken())
        .isNull();
  }

  @Test
  void theAgentWritesOnlyToEmptyDirsOfItsOwnNextToUpstreamsMounts() {
    PodSpec pod = chart.daemonSet().getSpec().getTemplate().getSpec();
    Map<String, String> mountPaths =
        chart.container().getVolumeMounts().stream()
            .collect(Collectors.toMap(VolumeMount::getName, VolumeMount::getMountPath));
    Set<String> emptyDirs =
        pod.getVolumes().stream()
            .filter(v -> v.getEmptyDir() != null)
            .map(Volume::getName)
            .collect(Collectors.toSet());

    assertThat(emptyDirs).containsExactlyInAnyOrder("conf", "tmp");
    assertThat(mountPaths)
        .containsEntry("conf", "/run/node-local-dns")
        .containsEntry("tmp", "/tmp");
    // -conf (and the temporary file the agent renames over it) and -pidfile are in them
    assertThat(chart.args()).containsSubsequence("-conf", CONF);
    assertThat(chart.args()).containsSubsequence("-pidfile", "/tmp/node-cache.pid");
    // upstream's volumes and mounts are all still there, unchanged
    assertThat(pod.getVolumes())
        .containsAll(upstream.daemonSet().getSpec().getTemplate().getSpec().getVolumes());
    assertThat(chart.container().getVolumeMounts())
        .containsAll(upstream.container().getVolumeMounts());
  }

  private static List<String> withOurConf(List<String> upstreamArgs) {
    List<String> args = new ArrayList<>(upstreamArgs);
    args.set(args.indexOf(UPSTREAM_CONF), CONF);
    return args;
  }

  @Test
  void noContainerPortsAndAReadinessProbe() {
    assertThat(upstream.container().getPorts()).hasSize(3);
    assertThat(chart.container().getPorts()).isEmpty();
    assertThat(upstream.container().getReadinessProbe()).isNull();
    assertThat(chart.container().getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
  }

  @Test
  void ourImageWithRoomForTheJvm() {
    Container ours = chart.container();

    assertThat(ours.getImage()).startsWith("ghcr.io/node-local-dns/node-local-dns:");
    assertThat(ours.getResources().getRequests())
        .containsEntry("cpu", upstream.container().getResources().getRequests().get("cpu"))
        .containsEntry("memory", new Quantity("128Mi"));
    assertThat(ours.getResources().getLimits()).containsEntry("memory", new Quantity("192Mi"));
  }

  @Test
  void tolerationsTakeEveryTaintUpstreamTolerates() {
    List<Toleration> ours = chart.daemonSet().getSpec().getTemplate().getSpec().getTolerations();

    assertThat(ours).containsExactly(new Toleration(null, null, "Exists", null, null));
    assertThat(upstream.daemonSet().getSpec().getTemplate().getSpec().getTolerations())
        .allSatisfy(t -> assertThat(t.getOperator()).isEqualTo("Exists"));
  }

  @SuppressWarnings("unchecked") // ManifestAspects keeps a Corefile block as its directives
  private static List<String> list(Object value) {
    return (List<String>) value;
  }

  @SuppressWarnings("unchecked") // ManifestAspects keeps labels as a map of strings
  private static Map<String, String> labels(Object value) {
    return (Map<String, String>) value;
  }
}
