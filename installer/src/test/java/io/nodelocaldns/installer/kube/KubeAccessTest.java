package io.nodelocaldns.installer.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nodelocaldns.installer.InstallerException;
import io.nodelocaldns.installer.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which kubeconfig and context the client and Helm use; nothing here connects anywhere. */
class KubeAccessTest {
  @TempDir Path home;

  private Path kubeconfig(String name) throws Exception {
    String text =
        KubeconfigText.of(
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
}
