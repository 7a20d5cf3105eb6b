package io.nodelocaldns.installer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.nodelocaldns.installer.chart.HelmChart;
import io.nodelocaldns.installer.fixtures.TestCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** {@code --set} and {@code --set-string} as Helm reads them, and bad values as bad flags. */
class SetFlagsTest {
  private static final String[] OFFLINE = {
    "--kube-dns-ip", "10.96.0.10", "--cluster-domain", "cluster.local", "--cluster", "generic"
  };

  @TempDir Path path;

  /** Offline render: a server that is never started, so no flag here may need the cluster. */
  private TestCli.Run render(String... args) {
    List<String> all = new ArrayList<>(List.of("render"));
    all.addAll(List.of(OFFLINE));
    all.addAll(List.of(args));
    if (!all.contains("--mode")) {
      all.addAll(List.of("--mode", "iptables"));
    }
    return new TestCli(new KubernetesMockServer(), null, path).run(all.toArray(String[]::new));
  }

  static String corefile(String manifests) {
    return HelmChart.documents(manifests).stream()
        .map(doc -> new YAMLMapper().readTree(doc))
        .filter(node -> node.path("kind").asString().equals("ConfigMap"))
        .map(node -> node.path("data").path("Corefile"))
        .filter(JsonNode::isString)
        .map(JsonNode::asString)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aListInBracesSetsTheUpstreamServers() {
    TestCli.Run run = render("--set", "upstream.servers={1.1.1.1,8.8.8.8:5353}");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(corefile(run.out())).contains("forward . 1.1.1.1 8.8.8.8:5353");
  }

  @Test
  void trueIsABooleanAndANumberIsANumber() {
    TestCli.Run run = render("--set", "logQueries=true", "--set", "healthPort=9090");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(corefile(run.out())).contains("    log\n").contains("health 169.254.20.10:9090");
  }

  @Test
  void anIndexAndAnEscapedCommaReachTheChart() {
    TestCli.Run run =
        render(
            "--set",
            "stubZones[0].zone=corp.example,stubZones[0].servers={10.0.0.53}",
            "--set",
            "extraArgs[0]=-x\\,y");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(corefile(run.out())).contains("corp.example:53 {").contains("forward . 10.0.0.53");
    assertThat(run.out()).contains("- \"-x,y\"");
  }

  @Test
  void setStringKeepsANumberAStringAndTheSchemaSaysWhatItWants() {
    TestCli.Run run = render("--set-string", "healthPort=9090");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().strip().lines().toList().getLast())
        .startsWith(
            "node-local-dns render: --set-string healthPort: \"9090\" is not a whole number")
        .doesNotContain("got string");
  }

  @Test
  void aMisspeltKeyIsABadFlagWithTheNearestKey() {
    TestCli.Run run = render("--set", "cache.cluster.sucess=100");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip().lines().toList().getLast())
        .isEqualTo(
            "node-local-dns render: --set cache.cluster.sucess: no such value; did you mean"
                + " cache.cluster.success?");
  }

  @Test
  void anUnknownKeyFarFromAnyNamesTheKeysThatExist() throws Exception {
    Path values = path.resolve("v.yaml");
    Files.writeString(values, "frobnicate: 1\n");

    TestCli.Run run = render("--values", values.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip().lines().toList().getLast())
        .startsWith(
            "node-local-dns render: --values "
                + values
                + " frobnicate: no such value; the top level takes mode, profile, localIP,");
  }

  @Test
  void aValueOfTheWrongTypeIsABadFlagNamingTheKey() {
    TestCli.Run run = render("--set", "image=flat");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip().lines().toList().getLast())
        .isEqualTo("node-local-dns render: --set image: \"flat\" is not a map of values");
  }

  @Test
  void aValueOutsideTheEnumNamesTheChoices() {
    TestCli.Run run = render("--set", "metrics.serviceMonitor.enabled=yes");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip().lines().toList().getLast())
        .startsWith(
            "node-local-dns render: --set metrics.serviceMonitor.enabled: \"yes\" is not true or"
                + " false");
  }

  @Test
  void aFlagAndASetThatDisagreeAreRefusedNamingBoth() {
    TestCli.Run run = render("--mode", "ipvs", "--set", "mode=iptables");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "node-local-dns render: --mode ipvs and --set mode=iptables disagree; give one of"
                + " them, or the same value in both\n");
  }

  @Test
  void aFlagWinsOverAValuesFileInTheRenderToo() throws Exception {
    Path values = path.resolve("v.yaml");
    Files.writeString(values, "profile: kind\nmode: ipvs\nkubeDNS:\n  ip: 172.20.0.10\n");

    TestCli.Run run =
        new TestCli(new KubernetesMockServer(), null, path)
            .run(
                "render",
                "--kube-dns-ip",
                "10.96.0.10",
                "--cluster-domain",
                "cluster.local",
                "--mode",
                "iptables",
                "--cluster",
                "eks",
                "--values",
                values.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err())
        .contains("note: --cluster eks wins over --values " + values + " (profile: kind)")
        .contains("note: --mode iptables wins over --values " + values + " (mode: ipvs)")
        .contains("note: --kube-dns-ip 10.96.0.10 wins over --values " + values);
    assertThat(run.out())
        .contains("- --profile\n            - eks\n", "169.254.20.10,10.96.0.10")
        .doesNotContain("172.20.0.10");
  }

  @Test
  void kubeDnsIpNamesEveryClusterIpSoASetIpv6DisagreesWithIt() {
    TestCli.Run run = render("--set", "localIPv6=fd00::10", "--set", "kubeDNS.ipv6=fd00:10:96::a");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "node-local-dns render: --kube-dns-ip 10.96.0.10 and --set kubeDNS.ipv6=fd00:10:96::a"
                + " disagree; give one of them, or the same value in both\n");

    TestCli.Run agree =
        new TestCli(new KubernetesMockServer(), null, path)
            .run(
                "render",
                "--cluster-domain",
                "cluster.local",
                "--cluster",
                "generic",
                "--mode",
                "iptables",
                "--kube-dns-ip",
                "10.96.0.10,fd00:10:96::a",
                "--set",
                "kubeDNS.ipv6=fd00:10:96::a",
                "--local-ipv6",
                "fd00::10",
                "--set",
                "localIPv6=fd00::10");
    assertThat(agree.exit()).as(agree.err()).isZero();
    assertThat(agree.out()).contains("169.254.20.10,10.96.0.10,fd00::10,fd00:10:96::a");
  }

  @Test
  void aFlagAndASetThatAgreeAreFine() {
    TestCli.Run run =
        render("--mode", "ipvs", "--set", "mode=ipvs", "--set", "kubeDNS.ip=10.96.0.10");

    assertThat(run.exit()).as(run.err()).isZero();
  }

  @Test
  void aSetThatHelmCannotParseIsABadFlag() {
    TestCli.Run run = render("--set", "upstream.servers={1.1.1.1");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .startsWith(
            "node-local-dns render: --set: \"upstream.servers={1.1.1.1\" is not KEY=VALUE (list"
                + " must terminate with '}')");
  }
}
