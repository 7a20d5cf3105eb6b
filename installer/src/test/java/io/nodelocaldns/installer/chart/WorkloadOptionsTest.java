package io.nodelocaldns.installer.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The values for the objects and the pod that the deliveryhero chart has (charts/README.md, "From
 * the deliveryhero chart"): the upstream Service, the ServiceAccount, annotations and labels per
 * object, the container's extras and the metrics' options.
 */
class WorkloadOptionsTest {
  @Test
  void theServiceMonitorAndTheDashboardMayGoElsewhere() {
    Rendered r =
        TestChart.render(
            "metrics.serviceMonitor.enabled=true",
            "metrics.serviceMonitor.namespace=monitoring",
            "dashboard.enabled=true",
            "dashboard.namespace=grafana");
    GenericKubernetesResource monitor = serviceMonitor(r);

    assertThat(monitor.getMetadata().getNamespace()).isEqualTo("monitoring");
    // it still looks for the metrics Service where that is
    assertThat(monitor.<List<String>>get("spec", "namespaceSelector", "matchNames"))
        .containsExactly("kube-system");
    assertThat(r.configMap("node-local-dns-dashboard").getMetadata().getNamespace())
        .isEqualTo("grafana");
  }

  @Test
  void upstreamServiceSelectsCoreDnsByDefault() {
    Rendered r = TestChart.render();

    assertThat(r.service("kube-dns-upstream").getSpec().getSelector())
        .isEqualTo(Map.of("k8s-app", "kube-dns"));
    assertThat(r.args()).containsSubsequence("-upstreamsvc", "kube-dns-upstream");
  }

  @Test
  void upstreamServiceSelectorReplacesTheDefaultOne() {
    Rendered r = TestChart.render("upstreamService.selector.app\\.kubernetes\\.io/name=coredns");

    assertThat(r.service("kube-dns-upstream").getSpec().getSelector())
        .isEqualTo(Map.of("app.kubernetes.io/name", "coredns"));
  }

  @Test
  void upstreamServiceCanBeNamedAndTheAgentIsToldTheName() {
    Rendered r = TestChart.render("upstreamService.name=coredns-upstream");

    assertThat(r.find("Service", "kube-dns-upstream")).isEmpty();
    assertThat(r.service("coredns-upstream").getMetadata().getNamespace()).isEqualTo("kube-system");
    assertThat(r.args()).containsSubsequence("-upstreamsvc", "coredns-upstream");
  }

  @Test
  void anExistingUpstreamServiceIsUsedWithoutRenderingOne() {
    Rendered r =
        TestChart.render("upstreamService.create=false", "upstreamService.name=my-coredns");

    assertThat(r.objects())
        .noneMatch(
            o ->
                o.getKind().equals("Service") && !o.getMetadata().getName().equals(HelmChart.NAME));
    assertThat(r.args()).containsSubsequence("-upstreamsvc", "my-coredns");
  }

  @Test
  void warmRestartsKeepTheCacheOnTheNodeByDefaultAndCanBeTurnedOff() {
    Rendered on = TestChart.render();
    assertThat(on.args()).containsSequence("--state-dir", "/var/lib/node-local-dns");
    assertThat(on.container().getVolumeMounts())
        .anySatisfy(
            mount -> {
              assertThat(mount.getName()).isEqualTo("state");
              assertThat(mount.getMountPath()).isEqualTo("/var/lib/node-local-dns");
            });
    assertThat(pod(on).getVolumes())
        .anySatisfy(
            volume -> {
              assertThat(volume.getName()).isEqualTo("state");
              assertThat(volume.getHostPath().getPath()).isEqualTo("/var/lib/node-local-dns");
              assertThat(volume.getHostPath().getType()).isEqualTo("DirectoryOrCreate");
            });

    Rendered elsewhere = TestChart.render("warmRestart.hostPath=/mnt/nld");
    assertThat(elsewhere.args()).containsSequence("--state-dir", "/mnt/nld");

    Rendered off = TestChart.render("warmRestart.enabled=false");
    assertThat(off.args()).contains("--warm-restart=false").doesNotContain("--state-dir");
    assertThat(pod(off).getVolumes()).noneSatisfy(v -> assertThat(v.getName()).isEqualTo("state"));
    assertThat(off.container().getVolumeMounts())
        .noneSatisfy(m -> assertThat(m.getName()).isEqualTo("state"));
  }

  @Test
  void defaultTerminationGracePeriodIsKubernetesOwnAndCanBeRaised() {
    assertThat(pod(TestChart.render()).getTerminationGracePeriodSeconds()).isEqualTo(30L);
    assertThat(
            pod(TestChart.render("terminationGracePeriodSeconds=90"))
                .getTerminationGracePeriodSeconds())
        .isEqualTo(90L);
  }

  @Test
  void probeTimingsComeFromValuesAndTheEndpointsStay() {
    Container c =
        TestChart.render(
                "livenessProbe.initialDelaySeconds=10",
                "livenessProbe.periodSeconds=20",
                "livenessProbe.failureThreshold=6",
                "readinessProbe.timeoutSeconds=2",
                "readinessProbe.successThreshold=2")
            .container();
    Probe liveness = c.getLivenessProbe();
    Probe readiness = c.getReadinessProbe();

    assertThat(
            List.of(
                liveness.getInitialDelaySeconds(),
                liveness.getTimeoutSeconds(),
                liveness.getPeriodSeconds(),
                liveness.getFailureThreshold()))
        .containsExactly(10, 5, 20, 6);
    assertThat(
            List.of(
                readiness.getPeriodSeconds(),
                readiness.getTimeoutSeconds(),
                readiness.getSuccessThreshold()))
        .containsExactly(5, 2, 2);
    assertThat(liveness.getHttpGet().getPath()).isEqualTo("/health");
    assertThat(readiness.getHttpGet().getPath()).isEqualTo("/ready");
  }

  @Test
  void securityContextIsMergedOverTheHardenedOne() {
    SecurityContext sc =
        TestChart.renderYaml(
                """
                securityContext:
                  readOnlyRootFilesystem: false
                  runAsNonRoot: false
                  seccompProfile:
                    localhostProfile: profiles/nld.json
                    type: Localhost
                  capabilities:
                    add: [NET_ADMIN, NET_BIND_SERVICE, NET_RAW, SYS_PTRACE]
                """)
            .container()
            .getSecurityContext();

    // false wins over the default's true: a field given wins
    assertThat(sc.getReadOnlyRootFilesystem()).isFalse();
    assertThat(sc.getRunAsNonRoot()).isFalse();
    // untouched fields keep the hardened default
    assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
    assertThat(sc.getSeccompProfile().getType()).isEqualTo("Localhost");
    assertThat(sc.getSeccompProfile().getLocalhostProfile()).isEqualTo("profiles/nld.json");
    // a map is merged key by key (drop stays), a list replaces ours
    assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(sc.getCapabilities().getAdd())
        .containsExactly("NET_ADMIN", "NET_BIND_SERVICE", "NET_RAW", "SYS_PTRACE");
  }

  @Test
  void deliveryherosDefaultSecurityContextWouldDropCapabilitiesTheAgentNeeds() {
    // why the migration does not carry {capabilities: {add: [NET_ADMIN]}} over
    SecurityContext sc =
        TestChart.render("securityContext.capabilities.add[0]=NET_ADMIN")
            .container()
            .getSecurityContext();

    assertThat(sc.getCapabilities().getAdd()).containsExactly("NET_ADMIN");
    assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
  }

  @Test
  void initContainersLifecycleAndResizePolicyReachThePod() {
    Rendered r =
        TestChart.renderYaml(
            """
            initContainers:
              - name: wait
                image: busybox:1.37
                command: [sh, -c, "true"]
            lifecycle:
              preStop:
                exec:
                  command: [sleep, "5"]
            resizePolicy:
              - resourceName: cpu
                restartPolicy: NotRequired
            """);
    PodSpec pod = pod(r);

    assertThat(pod.getInitContainers()).hasSize(1);
    assertThat(pod.getInitContainers().getFirst().getImage()).isEqualTo("busybox:1.37");
    assertThat(r.container().getLifecycle().getPreStop().getExec().getCommand())
        .containsExactly("sleep", "5");
    assertThat(r.container().getResizePolicy().getFirst().getRestartPolicy())
        .isEqualTo("NotRequired");
  }

  @Test
  void defaultsRenderNoneOfTheOptionalPodParts() {
    Rendered r = TestChart.render();

    assertThat(pod(r).getInitContainers()).isNullOrEmpty();
    assertThat(r.container().getLifecycle()).isNull();
    assertThat(r.container().getResizePolicy()).isNullOrEmpty();
    assertThat(r.yaml()).doesNotContain("initContainers", "lifecycle:", "resizePolicy");
  }

  @Test
  void annotationsAndLabelsPerObject() {
    Rendered r =
        TestChart.render(
            "configMapAnnotations.a=cm",
            "configMapLabels.l=cm",
            "daemonSetAnnotations.a=ds",
            "daemonSetLabels.l=ds",
            "podAnnotations.a=pod",
            "podLabels.l=pod",
            "metrics.service.annotations.a=svc",
            "serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn=arn:aws:iam::1:role/x");
    PodTemplateSpec template = r.daemonSet().getSpec().getTemplate();

    assertThat(annotationsAndLabels(r.configMap(HelmChart.NAME)))
        .containsEntry("a", "cm")
        .containsEntry("l", "cm");
    assertThat(annotationsAndLabels(r.daemonSet()))
        .containsEntry("a", "ds")
        .containsEntry("l", "ds");
    assertThat(template.getMetadata().getAnnotations())
        .containsEntry("a", "pod")
        .containsEntry("prometheus.io/scrape", "true");
    assertThat(template.getMetadata().getLabels()).containsEntry("l", "pod");
    // the selector stays as it was: a DaemonSet's selector cannot change
    assertThat(r.daemonSet().getSpec().getSelector().getMatchLabels())
        .isEqualTo(Map.of("k8s-app", "node-local-dns"));
    assertThat(r.service(HelmChart.NAME).getMetadata().getAnnotations())
        .containsEntry("a", "svc")
        .containsEntry("prometheus.io/port", "9253");
    assertThat(r.get(ServiceAccount.class, HelmChart.NAME).getMetadata().getAnnotations())
        .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::1:role/x");
    // and nowhere else
    assertThat(annotationsAndLabels(r.service("kube-dns-upstream"))).doesNotContainKeys("a", "l");
  }

  @Test
  void serviceAccountCanBeNamedOrAnExistingOneUsed() {
    Rendered named = TestChart.render("serviceAccount.name=nld");
    Rendered existing =
        TestChart.render("serviceAccount.create=false", "serviceAccount.name=dns-agent");
    Rendered defaultAccount = TestChart.render("serviceAccount.create=false");

    assertThat(named.get(ServiceAccount.class, "nld")).isNotNull();
    assertThat(pod(named).getServiceAccountName()).isEqualTo("nld");
    assertThat(existing.find("ServiceAccount", "dns-agent")).isEmpty();
    assertThat(existing.objects()).noneMatch(o -> o.getKind().equals("ServiceAccount"));
    assertThat(pod(existing).getServiceAccountName()).isEqualTo("dns-agent");
    assertThat(pod(defaultAccount).getServiceAccountName()).isEqualTo("default");
    // no token either way
    assertThat(pod(existing).getAutomountServiceAccountToken()).isFalse();
  }

  @Test
  void scrapeAnnotationsCanBeTurnedOff() {
    Rendered r = TestChart.render("metrics.scrapeAnnotations=false", "podAnnotations.a=pod");

    assertThat(r.daemonSet().getSpec().getTemplate().getMetadata().getAnnotations())
        .isEqualTo(Map.of("a", "pod"));
    assertThat(r.service(HelmChart.NAME).getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(
            TestChart.render("metrics.scrapeAnnotations=false")
                .daemonSet()
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations())
        .isNullOrEmpty();
  }

  @Test
  void serviceMonitorTakesPathHonorLabelsAndRelabelings() {
    Rendered r =
        TestChart.renderYaml(
            """
            metrics:
              serviceMonitor:
                enabled: true
                path: /metrics/x
                honorLabels: true
                relabelings:
                  - {sourceLabels: [__meta_kubernetes_pod_host_ip], targetLabel: host_ip}
                metricRelabelings:
                  - {action: drop, regex: "go_.*", sourceLabels: [__name__]}
            """);
    Map<String, Object> endpoint =
        serviceMonitor(r).<Map<String, Object>>get("spec", "endpoints", 0);

    assertThat(endpoint)
        .containsEntry("path", "/metrics/x")
        .containsEntry("honorLabels", true)
        .containsEntry(
            "relabelings",
            List.of(
                Map.of(
                    "sourceLabels",
                    List.of("__meta_kubernetes_pod_node_name"),
                    "targetLabel",
                    "node"),
                Map.of(
                    "sourceLabels",
                    List.of("__meta_kubernetes_pod_host_ip"),
                    "targetLabel",
                    "host_ip")))
        .containsEntry(
            "metricRelabelings",
            List.of(
                Map.of("action", "drop", "regex", "go_.*", "sourceLabels", List.of("__name__"))));
  }

  @Test
  void serviceMonitorDefaultsScrapeMetricsWithoutHonorLabels() {
    Map<String, Object> endpoint =
        serviceMonitor(TestChart.render("metrics.serviceMonitor.enabled=true"))
            .<Map<String, Object>>get("spec", "endpoints", 0);

    assertThat(endpoint)
        .containsEntry("path", "/metrics")
        .doesNotContainKeys("honorLabels", "metricRelabelings");
  }

  private static PodSpec pod(Rendered r) {
    return r.daemonSet().getSpec().getTemplate().getSpec();
  }

  private static GenericKubernetesResource serviceMonitor(Rendered r) {
    return (GenericKubernetesResource) r.find("ServiceMonitor", HelmChart.NAME).orElseThrow();
  }

  private static Map<String, String> annotationsAndLabels(HasMetadata o) {
    Map<String, String> both = new HashMap<>();
    if (o.getMetadata().getLabels() != null) {
      both.putAll(o.getMetadata().getLabels());
    }
    if (o.getMetadata().getAnnotations() != null) {
      both.putAll(o.getMetadata().getAnnotations());
    }
    return both;
  }
}
