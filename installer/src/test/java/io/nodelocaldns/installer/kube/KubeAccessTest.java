package io.nodelocaldns.installer.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nodelocaldns.installer.InstallerException;
import io.nodelocaldns.installer.UsageException;
import io.nodelocaldns.installer.fixtures.TestKubeconfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which kubeconfig and context the client and Helm use; nothing here connects anywhere. */
class KubeAccessTest {
  @TempDir Path home;

  private Path kubeconfig(String name) throws Exception {
    String text =
        TestKubeconfig.of(
                    new ConfigBuilder(Config.empty())
                        .withMasterUrl("https://127.0.0.1:6443")
                        .withOauthToken("t")
                        .build())
                .replace("- name: c\n  context:", "- name: kind-kind\n  context:")
                .replace("current-context: c", "current-context: kind-kind")
            + "";
    text =
        text.replace(
            "contexts:\n", "contexts:\n- name: other\n  context:\n    cluster: c\n    user: u\n");
    Path file = home.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void flagThenEnvThenHome() throws Exception {
    Path flag = kubeconfig("flag");
    Path env = kubeconfig("env");
    Files.createDirectories(home.resolve(".kube"));
    Path standard = Files.copy(flag, home.resolve(".kube/config"));

    assertThat(
            new KubeAccess(
                    Optional.of(flag), Optional.empty(), Map.of("KUBECONFIG", env.toString()))
                .kubeconfigFile())
        .contains(flag);
    assertThat(
            new KubeAccess(
                    Optional.empty(),
                    Optional.empty(),
                    Map.of("KUBECONFIG", env + ":" + flag, "HOME", home.toString()))
                .kubeconfigFile())
        .contains(env);
    assertThat(
            new KubeAccess(Optional.empty(), Optional.empty(), Map.of("HOME", home.toString()))
                .kubeconfigFile())
        .contains(standard);
  }

  @Test
  void contextIsCheckedAndMadeCurrentForHelm() throws Exception {
    Path file = kubeconfig("config");

    assertThat(
            new KubeAccess(Optional.of(file), Optional.of("other"), Map.of())
                .kubeconfigForHelm()
                .orElseThrow())
        .contains("current-context: \"other\"");
    assertThatThrownBy(
            () -> new KubeAccess(Optional.of(file), Optional.of("nope"), Map.of()).openClient())
        .isInstanceOf(UsageException.class)
        .hasMessage("--context: \"nope\" is not a context of the kubeconfig");
    try (KubernetesClient client =
        new KubeAccess(Optional.of(file), Optional.of("kind-kind"), Map.of()).openClient()) {
      assertThat(client.getConfiguration().getMasterUrl()).isEqualTo("https://127.0.0.1:6443/");
      assertThat(client.getConfiguration().getRequestRetryBackoffLimit()).isZero();
    }
  }

  @Test
  void nothingToTalkTo() {
    assertThatThrownBy(
            () ->
                new KubeAccess(Optional.empty(), Optional.empty(), Map.of("HOME", home.toString()))
                    .openClient())
        .isInstanceOf(InstallerException.class)
        .hasMessageStartingWith("no cluster to talk to");
    assertThatThrownBy(
            () ->
                new KubeAccess(Optional.of(home.resolve("missing")), Optional.empty(), Map.of())
                    .openClient())
        .isInstanceOf(UsageException.class)
        .hasMessageEndingWith("missing\" does not exist");
  }

  /** A kubeconfig whose user's token line is not YAML: a parser's snippet of it would leak it. */
  private static final String BROKEN_LINE =
      """
      apiVersion: v1
      kind: Config
      clusters:
      - name: c
        cluster: {server: "https://127.0.0.1:6443"}
      users:
      - name: u
        user:
          token: s3cr3t-t0ken: oops
      contexts:
      - name: c
        context: {cluster: c, user: u}
      current-context: c
      """;

  /** YAML, but the users are a string where a list belongs: a mapper's message quotes values. */
  private static final String WRONG_SHAPE =
      """
      apiVersion: v1
      kind: Config
      clusters:
      - name: c
        cluster: {server: "https://127.0.0.1:6443"}
      users: "s3cr3t-t0ken"
      contexts:
      - name: c
        context: {cluster: c, user: u}
      current-context: c
      """;

  @Test
  void aKubeconfigThatCannotBeReadIsNeverQuotedInTheError() throws Exception {
    for (String text : List.of(BROKEN_LINE, WRONG_SHAPE)) {
      Path file = Files.writeString(home.resolve("config"), text);
      for (Optional<String> context : List.of(Optional.<String>empty(), Optional.of("c"))) {
        KubeAccess access = new KubeAccess(Optional.of(file), context, Map.of());

        for (ThrowingCallable call :
            List.<ThrowingCallable>of(access::openClient, access::kubeconfigForHelm)) {
          Throwable thrown = catchThrowable(call);
          if (thrown == null) {
            continue; // kubeconfigForHelm hands the text to Helm as it is without --context
          }
          assertThat(thrown).isInstanceOf(InstallerException.class);
          assertThat(thrown.getMessage())
              .as(
                  "%s, context %s",
                  text.equals(BROKEN_LINE) ? "broken line" : "wrong shape", context)
              .startsWith("cannot read the kubeconfig " + file + ": ")
              .doesNotContain("s3cr3t")
              .doesNotContain("oops");
          assertThat(thrown.getCause()).as("nothing of the parser's message kept").isNull();
        }
      }
    }
  }

  @Test
  void aBrokenLineIsNamedByItsNumber() throws Exception {
    Path file = Files.writeString(home.resolve("config"), BROKEN_LINE);

    assertThatThrownBy(
            () -> new KubeAccess(Optional.of(file), Optional.empty(), Map.of()).openClient())
        .hasMessageContaining("line 9");
    assertThatThrownBy(
            () -> new KubeAccess(Optional.of(file), Optional.of("c"), Map.of()).openClient())
        .hasMessageContaining("line 9");
  }
}
