package io.nodelocaldns.modes.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nodelocaldns.modes.mode.ModeChoice;
import io.nodelocaldns.modes.node.LinkType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AgentFlagsTest {
  private final AgentFlags flags = new AgentFlags();

  private AgentConfig parse(String... args) throws UsageException {
    return ((AgentFlags.Run) flags.parse(args)).config();
  }

  @Test
  void defaultsAreTheUpstreamOnes() throws Exception {
    AgentConfig config = parse("-localip", "169.254.20.10");

    assertThat(config.localIps().orElseThrow().all())
        .containsExactly(InetAddress.getByName("169.254.20.10"));
    assertThat(config.conf()).isEqualTo(Path.of("/etc/Corefile"));
    assertThat(config.baseCorefile()).isEqualTo(Path.of("/etc/coredns/Corefile.base"));
    assertThat(config.upstreamService()).isEqualTo("kube-dns-upstream");
    assertThat(config.clusterDnsEnvVar()).isEqualTo("KUBE_DNS_UPSTREAM_SERVICE_HOST");
    assertThat(config.kubeDnsConfigDir()).isEqualTo(Path.of("/etc/kube-dns"));
    assertThat(config.setupInterface()).isTrue();
    assertThat(config.setupIptables()).isTrue();
    assertThat(config.skipTeardown()).isFalse();
    assertThat(config.syncInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.healthPort()).isEqualTo(8080);
    assertThat(config.interfaceName()).isEqualTo("nodelocaldns");
    assertThat(config.pidfile()).isEmpty();
    assertThat(config.mode()).isEqualTo(ModeChoice.AUTO);
    assertThat(config.profile()).isEqualTo(ProfileName.GENERIC);
    assertThat(config.vpcResolver()).isEqualTo(InetAddress.getByName("169.254.169.253"));
    assertThat(config.linkType()).isEqualTo(LinkType.DUMMY);
    assertThat(config.dryRun()).isFalse();
  }

  @Test
  void theUpstreamManifestsArgsWork() throws Exception {
    AgentConfig config =
        parse(
            "-localip",
            "169.254.20.10,10.96.0.10",
            "-conf",
            "/etc/Corefile",
            "-upstreamsvc",
            "kube-dns-upstream",
            "-skipteardown=true",
            "-setupinterface=false",
            "-setupiptables=false");

    assertThat(config.localIps().orElseThrow().all())
        .containsExactly(
            InetAddress.getByName("169.254.20.10"), InetAddress.getByName("10.96.0.10"));
    assertThat(config.skipTeardown()).isTrue();
    assertThat(config.setupInterface()).isFalse();
    assertThat(config.setupIptables()).isFalse();
  }

  @Test
  void goSyntaxFormsAllMeanTheSame() throws Exception {
    assertThat(parse("-localip", "169.254.20.10", "-syncinterval", "5s").syncInterval())
        .hasSeconds(5);
    assertThat(parse("-localip=169.254.20.10", "-syncinterval=5s").syncInterval()).hasSeconds(5);
    assertThat(parse("--localip", "169.254.20.10", "--syncinterval=1m30s").syncInterval())
        .hasSeconds(90);
    assertThat(parse("-localip", "169.254.20.10", "-mode", "ipvs").mode())
        .isEqualTo(ModeChoice.IPVS);
    assertThat(parse("-localip", "169.254.20.10", "--mode=iptables").mode())
        .isEqualTo(ModeChoice.IPTABLES);
  }

  @ParameterizedTest
  @CsvSource({
    "-skipteardown,true",
    "--skipteardown,true",
    "-skipteardown=true,true",
    "-skipteardown=false,false",
    "-skipteardown=1,true",
    "-skipteardown=F,false"
  })
  void booleansTakeGoForms(String arg, boolean expected) throws Exception {
    assertThat(parse("-localip", "169.254.20.10", arg).skipTeardown()).isEqualTo(expected);
  }

  @Test
  void aBooleanDoesNotSwallowTheNextWord() {
    assertThatThrownBy(() -> parse("-localip", "169.254.20.10", "-skipteardown", "false"))
        .hasMessageContaining("unexpected argument \"false\"");
  }

  @Test
  void oursFlagsAndTheTrailingCommaOfTheIpvsSed() throws Exception {
    AgentConfig config =
        parse(
            "-localip",
            "169.254.20.10,",
            "--profile",
            "eks",
            "--vpc-resolver",
            "10.0.0.2",
            "--link-type",
            "bridge",
            "--dry-run",
            "-pidfile",
            "/run/agent.pid",
            "-corefile",
            "/tmp/Corefile",
            "-health-port",
            "8081",
            "-interfacename",
            "nld0",
            "-kubednscm",
            "/cm",
            "-basecorefile",
            "/base");

    assertThat(config.localIps().orElseThrow().all())
        .containsExactly(InetAddress.getByName("169.254.20.10"));
    assertThat(config.profile()).isEqualTo(ProfileName.EKS);
    assertThat(config.vpcResolver()).isEqualTo(InetAddress.getByName("10.0.0.2"));
    assertThat(config.linkType()).isEqualTo(LinkType.BRIDGE);
    assertThat(config.dryRun()).isTrue();
    assertThat(config.pidfile()).contains(Path.of("/run/agent.pid"));
    assertThat(config.conf()).isEqualTo(Path.of("/tmp/Corefile"));
    assertThat(config.healthPort()).isEqualTo(8081);
    assertThat(config.interfaceName()).isEqualTo("nld0");
    assertThat(config.kubeDnsConfigDir()).isEqualTo(Path.of("/cm"));
    assertThat(config.baseCorefile()).isEqualTo(Path.of("/base"));
  }

  @Test
  void localIpTakesBothFamiliesWithCommasOrThePillarSedsSpaces() throws Exception {
    List<InetAddress> dual =
        List.of(
            InetAddress.getByName("169.254.20.10"),
            InetAddress.getByName("10.96.0.10"),
            InetAddress.getByName("fd00::10"),
            InetAddress.getByName("fd00:10:96::a"));
    assertThat(parse("-localip", "169.254.20.10,10.96.0.10,fd00::10,fd00:10:96::a").localIps())
        .hasValueSatisfying(ips -> assertThat(ips.all()).isEqualTo(dual));
    // the manifest's "__PILLAR__LOCAL__DNS__,__PILLAR__DNS__SERVER__" with two addresses in each
    assertThat(parse("-localip", "169.254.20.10 fd00::10,10.96.0.10 fd00:10:96::a").localIps())
        .hasValueSatisfying(
            ips -> assertThat(ips.nodeLocal()).containsExactly(dual.get(0), dual.get(2)));
  }

  @Test
  void localModeNeedsNoLocalIp() throws Exception {
    AgentConfig config = parse("--mode", "local");

    assertThat(config.localIps()).isEmpty();
    assertThat(config.localIpsOrLoopback().all()).containsExactly(InetAddress.getLoopbackAddress());
  }

  @Test
  void ignoredUpstreamFlagsGetANotice() throws Exception {
    AgentFlags.Run run =
        (AgentFlags.Run)
            flags.parse(
                new String[] {
                  "-localip",
                  "169.254.20.10",
                  "-metrics-listen-address",
                  "0.0.0.0:9353",
                  "-reloadwithsignal",
                  "-quiet"
                });

    assertThat(run.notices())
        .containsExactly(
            "-metrics-listen-address is accepted for compatibility and ignored",
            "-reloadwithsignal is accepted for compatibility and ignored",
            "-quiet is accepted for compatibility and ignored");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "-localip 10.0.0.x | -localip: invalid IP address \"10.0.0.x\"",
        "-localip 169.254.20.10 --mode foo | --mode: invalid value \"foo\" (valid: iptables, ipvs, local, auto)",
        "-localip 169.254.20.10 --profile gke | --profile: invalid value \"gke\" (valid: generic, kind, eks)",
        "-localip 169.254.20.10 --link-type veth | --link-type: invalid value \"veth\" (valid: dummy, bridge)",
        "-localip 169.254.20.10 -syncinterval 5 | -syncinterval: invalid duration \"5\"",
        "-localip 169.254.20.10 -syncinterval -1s | -syncinterval: -1s (expected: a positive duration",
        "-localip 169.254.20.10 -health-port 70000 | -health-port: invalid port \"70000\" (expected: 1-65535)",
        "-localip 169.254.20.10 -skipteardown=maybe | -skipteardown: invalid boolean \"maybe\"",
        "-localip 169.254.20.10 --vpc-resolver x | --vpc-resolver: invalid IP address \"x\"",
        "-localip 169.254.20.10 -nosuchflag | flag provided but not defined: -nosuchflag",
        "-localip | flag needs an argument: -localip",
        "-conf /etc/Corefile | -localip is required",
      })
  void badValuesNameTheFlagAndWhatItTakes(String args, String message) {
    assertThatThrownBy(() -> parse(args.strip().split(" ")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(message.strip());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"-localip 10.0.0.x", "--mode foo", "-localip 169.254.20.10 -syncinterval 5"})
  void badValuesExit2WithOneLineAndNoStackTrace(String args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit =
        AgentMain.run(
            args.split(" "), new PrintStream(out), new PrintStream(err), new NodeAgentComponents());

    assertThat(exit).isEqualTo(2);
    String message = err.toString(StandardCharsets.UTF_8);
    assertThat(message.lines()).hasSize(1);
    assertThat(message)
        .startsWith("node-local-dns-agent: -")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(out.size()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-h", "--help", "-help"})
  void helpExplainsEveryFlagWithItsDefault(String arg) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int exit =
        AgentMain.run(
            new String[] {arg}, new PrintStream(out), System.err, new NodeAgentComponents());

    assertThat(exit).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "-localip IP[,IP]",
            "-conf FILE  (also -corefile)",
            "(default /etc/Corefile)",
            "-basecorefile FILE",
            "(default /etc/coredns/Corefile.base)",
            "(default kube-dns-upstream)",
            "(default /etc/kube-dns)",
            "-setupinterface",
            "-setupiptables",
            "-skipteardown",
            "-syncinterval DURATION",
            "(default 1m0s)",
            "-health-port PORT",
            "(default 8080)",
            "-interfacename NAME",
            "(default nodelocaldns)",
            "-pidfile FILE",
            "-metrics-listen-address",
            "-reloadwithsignal",
            "--mode iptables|ipvs|local|auto",
            "(default auto)",
            "--profile generic|kind|eks",
            "(default generic)",
            "--vpc-resolver IP",
            "(default 169.254.169.253)",
            "--link-type dummy|bridge",
            "(default dummy)",
            "--dry-run",
            "Exit codes");
  }

  @Test
  void eachParseIsIndependent() throws Exception {
    parse("-localip", "169.254.20.10", "-skipteardown");

    assertThat(parse("-localip", "169.254.20.10").skipTeardown()).isFalse();
    assertThat(Optional.of(parse("-localip", "169.254.20.10").mode())).contains(ModeChoice.AUTO);
  }
}
