package io.nodelocaldns.installer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.beust.jcommander.JCommander;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.nodelocaldns.installer.fixtures.TestCli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad command lines: exit 2 and one line naming the flag and the value at fault; no cluster needed.
 */
class UsageTest {
  @TempDir Path path;

  private TestCli.Run run(String... args) {
    // a server that is never started: a usage error must come before any cluster access
    return new TestCli(new KubernetesMockServer(), null, path).run(args);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "render --kube-dns-ip 10.96.0.x | node-local-dns render: --kube-dns-ip: \"10.96.0.x\" is not an IP address",
        "render --kube-dns-ip nope | node-local-dns render: --kube-dns-ip: \"nope\" is not an IP address",
        "install --mode userspace | node-local-dns install: --mode: \"userspace\" is not iptables, ipvs or auto",
        "install --cluster gke | node-local-dns install: --cluster: \"gke\" is not kind, eks, generic or auto",
        "render --local-ip 169.254.20 | node-local-dns render: --local-ip: \"169.254.20\" is not an IP address",
        "render --kube-dns-ip fd00::a --local-ip 169.254.20.10 | node-local-dns render: --local-ip: \"169.254.20.10\" is not the same IP family as --kube-dns-ip fd00::a",
        "render --kube-dns-ip 10.96.0.10,10.96.0.11 | node-local-dns render: --kube-dns-ip: \"10.96.0.10,10.96.0.11\" has two IPv4 addresses: a Service has one ClusterIP per family",
        "render --kube-dns-ip 10.96.0.10,nope | node-local-dns render: --kube-dns-ip: \"10.96.0.10,nope\" is not an IP address or two of different families (as spec.clusterIPs)",
        "render --kube-dns-ip 10.96.0.10,fd00::a --local-ip fd00::10 | node-local-dns render: --local-ip: \"fd00::10\" is IPv6, but --kube-dns-ip 10.96.0.10,fd00::a is dual-stack: the local IP is the IPv4 address there, and the IPv6 one is --local-ipv6 (localIPv6)",
        "render --local-ipv6 169.254.20.11 | node-local-dns render: --local-ipv6: \"169.254.20.11\" is not an IPv6 address",
        "render --local-ip fd00::10 --local-ipv6 fd00::11 | node-local-dns render: --local-ipv6: \"fd00::11\" is for a dual-stack cluster, next to an IPv4 --local-ip; --local-ip fd00::10 is IPv6, the one local address of an IPv6-only cluster",
        "render --kube-dns-ip fd00::a --local-ipv6 fd00::10 | node-local-dns render: --local-ipv6: \"fd00::10\" is for a dual-stack cluster, next to an IPv4 local IP; --kube-dns-ip fd00::a is IPv6-only, so its local address is --local-ip (localIP), IPv6 too",
        "render --cluster-domain clu_ster | node-local-dns render: --cluster-domain: \"clu_ster\" is not a DNS domain",
        "render --set novalue | node-local-dns render: --set: \"novalue\" is not KEY=VALUE (key \"novalue\" has no value)",
        "render --set-string a.b | node-local-dns render: --set-string: \"a.b\" is not KEY=VALUE (key \"b\" has no value)",
        "render --values /nonexistent.yaml | node-local-dns render: --values: \"/nonexistent.yaml\" is not a file",
        "render --image nginx | node-local-dns render: --image: \"nginx\" is not REPOSITORY:TAG",
        "render --kube-dns-service kube-dns | node-local-dns render: --kube-dns-service: \"kube-dns\" is not NAMESPACE/NAME",
        "install --timeout soon | node-local-dns install: --timeout: \"soon\" is not a duration such as 30s, 5m or 300",
        "render --namespace Kube_System | node-local-dns render: --namespace: \"Kube_System\" is not a namespace name",
        "uninstall --cluster gke | node-local-dns uninstall: --cluster: \"gke\" is not kind, eks, generic or auto",
        "status --metrics-port 70000 | node-local-dns status: --metrics-port: \"70000\" is not a port",
        "render --chart /nonexistent | node-local-dns render: --chart: \"/nonexistent\" is not a chart directory (no Chart.yaml)",
        "frobnicate | node-local-dns: unknown command \"frobnicate\"; one of install, uninstall, render, status, doctor, migrate, version",
        "render --frob | node-local-dns: unknown flag \"--frob\"",
        "render --kubeconfig | node-local-dns: Expected a value after parameter --kubeconfig",
        "status --metrics-port http | node-local-dns: \"--metrics-port\": couldn't convert \"http\" to an integer",
      })
  void exitsTwoNamingTheFlag(String args, String message) {
    TestCli.Run run = run(args.split(" "));

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().lines().findFirst()).contains(message);
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void flagsMayComeBeforeTheCommand() {
    JCommander parser = CommandFirstTest.installerParser();
    assertThat(
            CommandFirst.reorder(
                parser,
                new String[] {"--kubeconfig", "k", "--dry-run", "install", "--mode", "ipvs"}))
        .containsExactly("install", "--kubeconfig", "k", "--dry-run", "--mode", "ipvs");
    assertThat(CommandFirst.reorder(parser, new String[] {"--context=x", "status"}))
        .containsExactly("status", "--context=x");
    assertThat(CommandFirst.reorder(parser, new String[] {"render", "--mode", "install"}))
        .containsExactly("render", "--mode", "install");

    TestCli.Run run = run("--kube-dns-ip", "nope", "render");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("node-local-dns render: --kube-dns-ip: \"nope\" is not an IP address");
  }

  @Test
  void noCommandPrintsHelpAndExitsTwo() {
    TestCli.Run run = run();

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).startsWith("Usage: node-local-dns COMMAND [flags]");
    assertThat(run.err()).isEqualTo("node-local-dns: no command given\n");
  }

  @Test
  void helpExplainsEveryCommandAndFlagWithDefaults() {
    TestCli.Run run = run("--help");

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .contains("  install ", "  uninstall ", "  render ", "  status ", "  doctor ", "  version ")
        .contains("--cluster\n      kind, eks, generic, or auto")
        .contains("(default: auto)")
        .contains(
            "--namespace\n      namespace of the release and the agents (install and render:"
                + " kube-system only, where CoreDNS\n      runs) (default: kube-system)")
        .contains(
            "--kubeconfig",
            "--context",
            "--values",
            "--set",
            "--image",
            "--dry-run",
            "--kube-dns-ip",
            "--local-ipv6",
            "--cluster-domain")
        .contains("Exit codes: 0 ok, 1 failure");
  }

  @Test
  void commandHelp() {
    TestCli.Run run = run("render", "--help");

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .startsWith("Usage: node-local-dns render [flags]")
        .contains("--kube-dns-ip")
        .doesNotContain("--dry-run");
  }
}
