package io.nodelocaldns.runtime.build;

/** The product version, from the jar manifest (a development build says so). */
public final class Version {
  private Version() {}

  public static String current() {
    String version = Version.class.getPackage().getImplementationVersion();
    return version == null ? "development build" : version;
  }
}
