package io.nodelocaldns.installer.chart;

import com.marcnuri.helm.jni.HelmLib;
import com.marcnuri.helm.jni.NativeLibrary;
import io.nodelocaldns.installer.InstallerException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Picks Helm's native library for the platform the installer runs on. helm-java takes the first
 * {@link NativeLibrary} its service loader finds, whatever the platform; a jar that carries the
 * libraries of several platforms (linux-amd64, linux-arm64, darwin-amd64, darwin-arm64) lists this
 * one first, and it names the library of this machine's OS and architecture.
 */
public final class HelmNativeLibrary implements NativeLibrary {
  /** The platforms helm-java publishes a library for that the installer supports. */
  public static final List<String> PLATFORMS =
      List.of("linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64");

  /** The platform of {@code os.name} and {@code os.arch}: {@code darwin-arm64}, or empty. */
  public static Optional<String> platform(String osName, String osArch) {
    String os = osName.toLowerCase(Locale.ROOT);
    String arch =
        switch (osArch.toLowerCase(Locale.ROOT)) {
          case "amd64", "x86_64" -> "amd64";
          case "aarch64", "arm64" -> "arm64";
          default -> "";
        };
    String family = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "darwin" : "";
    if (family.isEmpty() || arch.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(family + "-" + arch);
  }

  /** The file name helm-java's artifact for {@code platform} gives its library, at the jar root. */
  public static String binaryName(String platform) {
    return platform.startsWith("darwin-")
        ? "helm-darwin-10.12-" + platform.substring("darwin-".length()) + ".dylib"
        : "helm-" + platform + ".so";
  }

  /** The platforms whose library is on the class path (in the jar). */
  public static List<String> carried() {
    return PLATFORMS.stream()
        .filter(p -> HelmNativeLibrary.class.getResource("/" + binaryName(p)) != null)
        .toList();
  }

  /** This machine's platform, by the JVM's {@code os.name} and {@code os.arch}. */
  static Optional<String> here() {
    return platform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
  }

  /**
   * Fails, saying what to do, when Helm cannot run here: an unsupported platform, or a jar built
   * without this platform's library. Called before helm-java is.
   */
  public static void requireForThisPlatform() {
    Optional<String> problem =
        problem(
            here(), System.getProperty("os.name") + "/" + System.getProperty("os.arch"), carried());
    if (problem.isPresent()) {
      throw new InstallerException(problem.get());
    }
  }

  /** Why Helm cannot run on {@code here} with the libraries {@code carried}; empty if it can. */
  public static Optional<String> problem(
      Optional<String> here, String osAndArch, List<String> carried) {
    if (here.isEmpty()) {
      return Optional.of(
          "Helm's native library is published for "
              + String.join(", ", PLATFORMS)
              + " only; this is "
              + osAndArch);
    }
    if (!carried.contains(here.get())) {
      return Optional.of(
          "this installer jar carries Helm's native library for "
              + (carried.isEmpty() ? "no platform" : String.join(", ", carried))
              + ", not for "
              + here.get()
              + "; build it with `./mvnw -pl installer -am package -Pall-platforms` where Maven"
              + " Central serves com.marcnuri.helm-java:"
              + here.get()
              + ", or run it on "
              + String.join(" or ", carried));
    }
    return Optional.empty();
  }

  @Override
  public String getBinaryName() {
    return binaryName(here().orElse("linux-amd64"));
  }

  @Override
  public HelmLib load() {
    requireForThisPlatform();
    return NativeLibrary.super.load();
  }
}
