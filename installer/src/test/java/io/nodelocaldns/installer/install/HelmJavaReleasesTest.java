package io.nodelocaldns.installer.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.installer.fixtures.HelmReadyMockServer;
import io.nodelocaldns.installer.fixtures.TestKubeconfig;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * helm-java's reads work against fabric8's mock server (given JSON Content-Types and discovery
 * documents), so {@link HelmJavaReleases} reaches the cluster its kubeconfig names. Its install
 * does not: Helm writes its release record (a Secret) as protobuf, which the mock cannot decode;
 * install is tested through {@link HelmReleases} fakes and the chart through {@code helm template}.
 */
class HelmJavaReleasesTest {
  @Test
  void findsNoReleaseInAnEmptyClusterAndUninstallSaysSo() {
    try (HelmReadyMockServer mock = new HelmReadyMockServer()) {
      HelmJavaReleases helm =
          new HelmJavaReleases(Optional.of(TestKubeconfig.of(mock.client().getConfiguration())));

      assertThat(helm.find("node-local-dns", "kube-system")).isEmpty();
      assertThat(helm.uninstall("node-local-dns", "kube-system")).isFalse();
      assertThat(mock.server().getRequestCount()).isPositive();
    }
  }
}
