package io.nodelocaldns.runtime.reload;

/**
 * What the {@code reload} directive reports; metrics attach here ({@code
 * coredns_reload_failed_total}).
 */
public interface ReloadEvents {
  /** A changed Corefile could not be parsed or served; the running configuration stays. */
  void failed();

  /** The Corefile whose bytes have this SHA-512 (lower-case hex) is the one running now. */
  void running(String sha512);

  /** Reports nothing. */
  ReloadEvents NONE =
      new ReloadEvents() {
        @Override
        public void failed() {}

        @Override
        public void running(String sha512) {}
      };
}
