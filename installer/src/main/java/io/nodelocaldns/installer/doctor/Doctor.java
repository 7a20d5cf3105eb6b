package io.nodelocaldns.installer.doctor;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.nodelocaldns.installer.InstallerException;
import io.nodelocaldns.installer.discovery.ClusterDiscovery;
import io.nodelocaldns.installer.discovery.KubeDns;
import io.nodelocaldns.installer.discovery.KubeProxyMode;
import io.nodelocaldns.installer.discovery.Sourced;
import io.nodelocaldns.installer.install.QueryProbe;
import io.nodelocaldns.installer.kube.AgentDaemonSet;
import io.nodelocaldns.installer.kube.PodExec;
import io.nodelocaldns.installer.values.CacheMode;
import io.nodelocaldns.installer.values.IpAddresses;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code doctor}: checks the installed agent against the cluster, through the API server and the
 * agent pods (which run on the host network, so {@code ip} and {@code iptables-save} in them see
 * the node): mode vs kube-proxy, the link's addresses, the NOTRACK rules, kubelet's clusterDNS in
 * IPVS mode, and one query each through the kube-dns ClusterIP and the local IP.
 */
public final class Doctor {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DPORT_53 = Pattern.compile("--dport 53(\\s|$)");
  private final KubernetesClient client;
  private final ClusterDiscovery discovery;
  private final PodExec exec;
  private final QueryProbe probe;
  private final Consumer<Check> report;

  public Doctor(
      KubernetesClient client,
      ClusterDiscovery discovery,
      PodExec exec,
      QueryProbe probe,
      Consumer<Check> report) {
    this.client = client;
    this.discovery = discovery;
    this.exec = exec;
    this.probe = probe;
    this.report = report;
  }

  /** Runs every check, reporting each as it ends; the list of all of them. */
  public List<Check> run(String namespace, String kubeDnsNamespace, String kubeDnsName) {
    List<Check> checks = new ArrayList<>();
    Consumer<Check> add =
        c -> {
          checks.add(c);
          report.accept(c);
        };

    Optional<AgentDaemonSet> found =
        AgentDaemonSet.find(client, namespace, AgentDaemonSet.DEFAULT_NAME);
    if (found.isEmpty()) {
      add.accept(
          Check.fail(
              "agent",
              "no node-local-dns DaemonSet in " + namespace,
              "node-local-dns install (or --namespace where it is)"));
      return checks;
    }
    AgentDaemonSet agent = found.get();
    add.accept(
        Check.ok(
            "agent",
            "DaemonSet "
                + namespace
                + "/"
                + agent.name()
                + ", "
                + agent.mode().cliName()
                + " mode, -localip "
                + String.join(",", agent.localIps())));

    modeCheck(agent).ifPresent(add);
    Optional<String> kubeDnsIp = kubeDnsCheck(agent, kubeDnsNamespace, kubeDnsName, add);
    String localIp = agent.localIp().orElse("");

    List<Pod> pods = agent.pods(client);
    Pod readyPod = null;
    for (Pod pod : pods) {
      String node = pod.getSpec().getNodeName();
      String name = pod.getMetadata().getName();
      if (!AgentDaemonSet.ready(pod)) {
        add.accept(
            Check.fail(
                "node " + node,
                "pod " + name + " is not ready",
                "kubectl -n "
                    + namespace
                    + " describe pod "
                    + name
                    + "; kubectl -n "
                    + namespace
                    + " logs "
                    + name));
        continue;
      }
      if (readyPod == null) {
        readyPod = pod;
      }
      add.accept(addressCheck(agent, pod));
      add.accept(rulesCheck(agent, pod));
      if (agent.mode() == CacheMode.IPVS) {
        add.accept(kubeletCheck(node, localIp));
      }
    }
    if (pods.isEmpty()) {
      add.accept(
          Check.fail(
              "pods",
              "the DaemonSet has no pods",
              "kubectl -n " + namespace + " describe daemonset " + agent.name()));
    }
    if (readyPod != null) {
      String node = readyPod.getSpec().getNodeName();
      String domain = domain();
      String query = "kubernetes.default.svc." + domain;
      if (kubeDnsIp.isPresent()) {
        add.accept(queryCheck("query via ClusterIP", node, query, kubeDnsIp.get(), agent));
      }
      if (!localIp.isEmpty()) {
        add.accept(queryCheck("query via local IP", node, query, localIp, agent));
      }
    }
    return checks;
  }

  private Optional<Check> modeCheck(AgentDaemonSet agent) {
    Sourced<KubeProxyMode> proxy;
    try {
      proxy = discovery.kubeProxyMode();
    } catch (InstallerException e) {
      return Optional.of(
          Check.fail(
              "mode",
              "cannot tell kube-proxy's mode: " + e.getMessage(),
              "make sure the agent's mode ("
                  + agent.mode().cliName()
                  + ") matches how Services are routed"));
    }
    CacheMode wanted = CacheMode.matching(proxy.value());
    if (wanted == agent.mode()) {
      return Optional.of(
          Check.ok(
              "mode",
              "agent "
                  + agent.mode().cliName()
                  + ", kube-proxy "
                  + proxy.value().cliName()
                  + " ("
                  + proxy.source()
                  + ")"));
    }
    return Optional.of(
        Check.fail(
            "mode",
            "the agent runs in "
                + agent.mode().cliName()
                + " mode but kube-proxy runs "
                + proxy.value().cliName()
                + " ("
                + proxy.source()
                + ")",
            "node-local-dns install --mode " + wanted.cliName()));
  }

  private Optional<String> kubeDnsCheck(
      AgentDaemonSet agent, String ns, String name, Consumer<Check> add) {
    Sourced<KubeDns> kubeDns;
    try {
      kubeDns = discovery.kubeDns(ns, name);
    } catch (InstallerException e) {
      add.accept(
          Check.fail(
              "kube-dns",
              e.getMessage(),
              "node-local-dns needs the cluster DNS Service it caches for"));
      return agent.localIps().size() > 1 ? Optional.of(agent.localIps().get(1)) : Optional.empty();
    }
    String ip = kubeDns.value().primaryIp();
    if (agent.mode() == CacheMode.IPTABLES
        && agent.localIps().size() > 1
        && !agent.localIps().contains(ip)) {
      add.accept(
          Check.fail(
              "kube-dns",
              "the agent binds "
                  + String.join(",", agent.localIps())
                  + " but "
                  + kubeDns.source()
                  + " is "
                  + ip,
              "node-local-dns install (it reads the current ClusterIP)"));
    } else {
      add.accept(Check.ok("kube-dns", kubeDns.source() + " " + ip));
    }
    return Optional.of(ip);
  }

  private Check addressCheck(AgentDaemonSet agent, Pod pod) {
    String node = pod.getSpec().getNodeName();
    String name = "node " + node + " link " + agent.interfaceName();
    PodExec.Result r =
        exec.exec(
            agent.namespace(),
            pod.getMetadata().getName(),
            agent.container(),
            "ip",
            "-o",
            "addr",
            "show",
            agent.interfaceName());
    if (!r.ok()) {
      return Check.fail(
          name,
          "`ip -o addr show "
              + agent.interfaceName()
              + "` in "
              + pod.getMetadata().getName()
              + " failed: "
              + oneLine(r),
          execFix(
              r,
              "ip",
              "the agent creates the link at start; kubectl -n "
                  + agent.namespace()
                  + " logs "
                  + pod.getMetadata().getName()));
    }
    List<String> missing =
        agent.localIps().stream().filter(ip -> !r.stdout().contains(" " + ip + "/")).toList();
    if (!missing.isEmpty()) {
      return Check.fail(
          name,
          "lacks " + String.join(", ", missing),
          "the agent re-adds its addresses every -syncinterval; if it does not, see kubectl -n "
              + agent.namespace()
              + " logs "
              + pod.getMetadata().getName());
    }
    return Check.ok(name, "has " + String.join(", ", agent.localIps()));
  }

  private Check rulesCheck(AgentDaemonSet agent, Pod pod) {
    String node = pod.getSpec().getNodeName();
    String name = "node " + node + " NOTRACK rules";
    boolean v6 = agent.localIp().map(IpAddresses::isIpv6).orElse(false);
    String save = v6 ? "ip6tables-save" : "iptables-save";
    PodExec.Result r =
        exec.exec(
            agent.namespace(), pod.getMetadata().getName(), agent.container(), save, "-t", "raw");
    if (!r.ok()) {
      return Check.fail(
          name,
          "`" + save + " -t raw` in " + pod.getMetadata().getName() + " failed: " + oneLine(r),
          execFix(
              r,
              save,
              "check the pod has NET_ADMIN (and NET_RAW, which iptables-legacy needs) and the"
                  + " xtables lock mount"));
    }
    List<String> missing = new ArrayList<>();
    for (String ip : agent.localIps()) {
      String dest = "-d " + ip + (v6 ? "/128" : "/32");
      for (String proto : List.of("udp", "tcp")) {
        boolean present =
            r.stdout()
                .lines()
                .anyMatch(
                    l ->
                        l.contains(dest)
                            && l.contains("-p " + proto)
                            && DPORT_53.matcher(l).find()
                            && (l.contains("-j NOTRACK") || l.contains("--notrack")));
        if (!present) {
          missing.add(proto + " " + ip + ":53");
        }
      }
    }
    if (!missing.isEmpty()) {
      return Check.fail(
          name,
          "no NOTRACK rule for " + String.join(", ", missing) + " in the raw table",
          "the agent inserts them after it serves (-setupiptables); see kubectl -n "
              + agent.namespace()
              + " logs "
              + pod.getMetadata().getName()
              + " (setup errors: coredns_nodecache_setup_errors_total)");
    }
    return Check.ok(
        name, "raw table NOTRACKs udp/tcp 53 to " + String.join(", ", agent.localIps()));
  }

  private Check kubeletCheck(String node, String localIp) {
    String name = "node " + node + " kubelet clusterDNS";
    try {
      String configz = client.raw("/api/v1/nodes/" + node + "/proxy/configz");
      if (configz == null) {
        return Check.fail(
            name,
            "kubelet's config (configz) cannot be read",
            "make sure kubelet's clusterDNS is " + localIp);
      }
      List<String> dns = new ArrayList<>();
      for (JsonNode ip : JSON.readTree(configz).path("kubeletconfig").path("clusterDNS")) {
        dns.add(ip.asString());
      }
      if (dns.contains(localIp)) {
        return Check.ok(name, String.join(",", dns));
      }
      return Check.fail(
          name,
          "is "
              + (dns.isEmpty() ? "empty" : String.join(",", dns))
              + ", not the cache's "
              + localIp
              + ": pods on this node bypass the cache",
          "IPVS mode needs kubelet clusterDNS="
              + localIp
              + " (Kind: node-local-dns install does it; EKS/other: see the snippets install prints)");
    } catch (KubernetesClientException | JacksonException e) {
      return Check.fail(
          name,
          "kubelet's config (configz) cannot be read: "
              + e.getMessage().lines().findFirst().orElse(""),
          "make sure kubelet's clusterDNS is " + localIp);
    }
  }

  private Check queryCheck(
      String name, String node, String query, String server, AgentDaemonSet agent) {
    QueryProbe.Answer answer = probe.query(node, query, Optional.of(server));
    if (answer.resolved()) {
      return Check.ok(name, query + " resolved through " + server + " from a pod on " + node);
    }
    boolean cacheAddress = agent.localIps().contains(server);
    return Check.fail(
        name,
        query
            + " did not resolve through "
            + server
            + " from a pod on "
            + node
            + ": "
            + answer.output().lines().reduce((a, b) -> a + " | " + b).orElse("no output"),
        cacheAddress
            ? "the cache on "
                + node
                + " does not answer on "
                + server
                + "; see the checks above and the agent's log"
            : "kube-dns itself does not answer; check CoreDNS (kubectl -n kube-system get pods -l k8s-app=kube-dns)");
  }

  private String domain() {
    try {
      return discovery.clusterDomain().value();
    } catch (InstallerException e) {
      return ClusterDiscovery.DEFAULT_DOMAIN;
    }
  }

  /**
   * Exec that never ran (-1) or a missing tool (126/127) needs another fix than a failed command.
   */
  private static String execFix(PodExec.Result r, String tool, String otherwise) {
    if (r.exitCode() == -1) {
      return "allow exec into the agent pods (RBAC pods/exec) and check the API server reaches the node's kubelet";
    }
    if (r.exitCode() == 126 || r.exitCode() == 127) {
      return "the agent image lacks `" + tool + "`; check on the node itself";
    }
    return otherwise;
  }

  private static String oneLine(PodExec.Result r) {
    String text = (r.stderr().isBlank() ? r.stdout() : r.stderr()).strip();
    return "exit "
        + r.exitCode()
        + (text.isEmpty() ? "" : ": " + text.lines().findFirst().orElse(""));
  }
}
