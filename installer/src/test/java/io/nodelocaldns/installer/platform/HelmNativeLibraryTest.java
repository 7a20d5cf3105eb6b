package io.nodelocaldns.installer.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.installer.chart.HelmNativeLibrary;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class HelmNativeLibraryTest {
  @Test
  void eachSupportedOsAndArchitectureNamesItsPlatform() {
    assertThat(HelmNativeLibrary.platform("Linux", "amd64")).contains("linux-amd64");
    assertThat(HelmNativeLibrary.platform("Linux", "aarch64")).contains("linux-arm64");
    assertThat(HelmNativeLibrary.platform("Mac OS X", "x86_64")).contains("darwin-amd64");
    assertThat(HelmNativeLibrary.platform("Mac OS X", "aarch64")).contains("darwin-arm64");
    assertThat(HelmNativeLibrary.platform("Windows 11", "amd64")).isEmpty();
    assertThat(HelmNativeLibrary.platform("Linux", "s390x")).isEmpty();
  }

  @Test
  void eachPlatformsLibraryHasTheNameHelmJavasArtifactGivesIt() {
    assertThat(HelmNativeLibrary.binaryName("linux-amd64")).isEqualTo("helm-linux-amd64.so");
    assertThat(HelmNativeLibrary.binaryName("linux-arm64")).isEqualTo("helm-linux-arm64.so");
    assertThat(HelmNativeLibrary.binaryName("darwin-amd64"))
        .isEqualTo("helm-darwin-10.12-amd64.dylib");
    assertThat(HelmNativeLibrary.binaryName("darwin-arm64"))
        .isEqualTo("helm-darwin-10.12-arm64.dylib");
  }

  @Test
  void helmJavaFindsThisSelectorBeforeAnyPlatformsOwn() {
    var first = ServiceLoader.load(com.marcnuri.helm.jni.NativeLibrary.class).iterator().next();

    assertThat(first).isInstanceOf(HelmNativeLibrary.class);
    assertThat(first.getBinaryName())
        .isEqualTo(
            HelmNativeLibrary.binaryName(
                HelmNativeLibrary.platform(
                        System.getProperty("os.name"), System.getProperty("os.arch"))
                    .orElseThrow()));
  }

  @Test
  void linuxAmd64IsAlwaysCarried() {
    assertThat(HelmNativeLibrary.carried()).contains("linux-amd64");
  }

  @Test
  void aJarWithoutThisPlatformsLibrarySaysHowToBuildOne() {
    assertThat(
            HelmNativeLibrary.problem(
                Optional.of("darwin-arm64"), "Mac OS X/aarch64", List.of("linux-amd64")))
        .contains(
            "this installer jar carries Helm's native library for linux-amd64, not for"
                + " darwin-arm64; build it with `./mvnw -pl installer -am package -Pall-platforms`"
                + " where Maven Central serves com.marcnuri.helm-java:darwin-arm64, or run it on"
                + " linux-amd64");
    assertThat(HelmNativeLibrary.problem(Optional.empty(), "Windows 11/amd64", List.of()))
        .contains(
            "Helm's native library is published for linux-amd64, linux-arm64, darwin-amd64,"
                + " darwin-arm64 only; this is Windows 11/amd64");
    assertThat(
            HelmNativeLibrary.problem(
                Optional.of("linux-arm64"), "Linux/aarch64", HelmNativeLibrary.PLATFORMS))
        .isEmpty();
  }
}
