package io.nodelocaldns.installer.jar;

import static org.assertj.core.api.Assertions.assertThat;

import io.nodelocaldns.installer.chart.HelmNativeLibrary;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged jar carries what each supported platform needs to run Helm: helm-java's native
 * library for the platforms it was built with (its manifest's {@code Helm-Native-Platforms}; all
 * four with {@code -Pall-platforms}), JNA's dispatch library for all four, and the selector that
 * makes helm-java load the one of the machine it runs on.
 */
class NativeLibrariesIT {
  /** JNA's directory names for the four platforms. */
  private static final Map<String, String> JNA =
      Map.of(
          "linux-amd64", "com/sun/jna/linux-x86-64/libjnidispatch.so",
          "linux-arm64", "com/sun/jna/linux-aarch64/libjnidispatch.so",
          "darwin-amd64", "com/sun/jna/darwin-x86-64/libjnidispatch.jnilib",
          "darwin-arm64", "com/sun/jna/darwin-aarch64/libjnidispatch.jnilib");

  private static List<String> builtFor(JarFile jar) throws Exception {
    String platforms = jar.getManifest().getMainAttributes().getValue("Helm-Native-Platforms");
    assertThat(platforms).as("the manifest's Helm-Native-Platforms").isNotBlank();
    return List.of(platforms.strip().split("\\s+"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64"})
  void theJarCarriesHelmsLibraryForExactlyThePlatformsItsManifestNames(String platform)
      throws Exception {
    try (JarFile jar = new JarFile(InstallerJarIT.JAR.toFile())) {
      assertThat(jar.getEntry(JNA.get(platform))).as("JNA for " + platform).isNotNull();
      ZipEntry library = jar.getEntry(HelmNativeLibrary.binaryName(platform));
      if (builtFor(jar).contains(platform)) {
        assertThat(library).as(HelmNativeLibrary.binaryName(platform)).isNotNull();
        assertThat(library.getSize()).as("a whole library, not a stub").isGreaterThan(10_000_000L);
      } else {
        // built without it (-Pall-platforms adds it where helm-java's artifact is served)
        assertThat(library).as("not named in the manifest, so not carried").isNull();
      }
    }
  }

  @Test
  void linuxAmd64IsAlwaysBuiltIn() throws Exception {
    try (JarFile jar = new JarFile(InstallerJarIT.JAR.toFile())) {
      assertThat(builtFor(jar)).contains("linux-amd64");
    }
  }

  @Test
  void helmJavaLoadsThroughThePlatformSelectorFirst() throws Exception {
    try (JarFile jar = new JarFile(InstallerJarIT.JAR.toFile())) {
      ZipEntry services = jar.getEntry("META-INF/services/com.marcnuri.helm.jni.NativeLibrary");
      String text = new String(jar.getInputStream(services).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst())
          .contains(HelmNativeLibrary.class.getName());
    }
  }
}
