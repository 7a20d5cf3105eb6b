package io.nodelocaldns.runtime.forward;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Builds {@link ForwardConfig}s for tests, starting from CoreDNS's defaults. */
final class TestConfig {
  private final List<InetSocketAddress> upstreams;
  private final List<String> except = new ArrayList<>();
  private String from = ".";
  private boolean forceTcp;
  private boolean preferUdp;
  private ForwardConfig.Policy policy = ForwardConfig.Policy.SEQUENTIAL;
  private int maxFails = ForwardConfig.DEFAULT_MAX_FAILS;
  private Duration healthCheck = ForwardConfig.DEFAULT_HEALTH_CHECK;
  private Duration expire = ForwardConfig.DEFAULT_EXPIRE;
  private int maxConcurrent;

  private TestConfig(List<InetSocketAddress> upstreams) {
    this.upstreams = upstreams;
  }

  /**
   * {@code forward . UPSTREAMS} with {@code policy sequential}, so tests know who is asked first.
   */
  static TestConfig forwardTo(InetSocketAddress... upstreams) {
    return new TestConfig(List.of(upstreams));
  }

  TestConfig from(String zone) {
    this.from = zone;
    return this;
  }

  TestConfig except(String... zones) {
    except.addAll(List.of(zones));
    return this;
  }

  TestConfig forceTcp() {
    this.forceTcp = true;
    return this;
  }

  TestConfig preferUdp() {
    this.preferUdp = true;
    return this;
  }

  TestConfig policy(ForwardConfig.Policy newPolicy) {
    this.policy = newPolicy;
    return this;
  }

  TestConfig maxFails(int n) {
    this.maxFails = n;
    return this;
  }

  TestConfig healthCheck(Duration interval) {
    this.healthCheck = interval;
    return this;
  }

  TestConfig maxConcurrent(int n) {
    this.maxConcurrent = n;
    return this;
  }

  ForwardConfig build() {
    return new ForwardConfig(
        from,
        upstreams,
        except,
        forceTcp,
        preferUdp,
        policy,
        maxFails,
        healthCheck,
        expire,
        maxConcurrent,
        ForwardConfig.HealthProbe.DEFAULT);
  }
}
