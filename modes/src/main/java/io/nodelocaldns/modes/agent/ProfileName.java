package io.nodelocaldns.modes.agent;

import java.util.Locale;

/** {@code --profile}: which {@link io.nodelocaldns.modes.profile.Profile} tunes the mode. */
public enum ProfileName {
  GENERIC,
  KIND,
  EKS;

  /** The word on the command line, e.g. {@code eks}. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  static ProfileName parse(String flag, String value) throws UsageException {
    return Choices.parse(flag, value, ProfileName.class, ProfileName::word);
  }
}
