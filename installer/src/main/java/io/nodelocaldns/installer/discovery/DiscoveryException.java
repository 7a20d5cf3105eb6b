package io.nodelocaldns.installer.discovery;

import io.nodelocaldns.installer.InstallerException;

/**
 * The cluster does not tell what the installer needs; the message is one line that says what to
 * pass instead.
 */
public final class DiscoveryException extends InstallerException {
  public DiscoveryException(String message) {
    super(message);
  }

  public DiscoveryException(String message, Throwable cause) {
    super(message, cause);
  }
}
