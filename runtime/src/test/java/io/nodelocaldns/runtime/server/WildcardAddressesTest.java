package io.nodelocaldns.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WildcardAddressesTest {
  private static final InetAddress V4 = ip("10.96.0.10");
  private static final InetAddress V4_LINK = ip("169.254.20.10");
  private static final InetAddress V6 = ip("fd00::10");
  private static final Set<InetAddress> LOCAL = Set.of(V4, V4_LINK, V6);

  @Test
  void eitherWildcardTakesEveryAddressAsItsSocketIsDualStack() {
    ListenAddress any4 = at("0.0.0.0", 53);
    assertThat(WildcardAddresses.assign(List.of(any4), LOCAL)).isEqualTo(Map.of(any4, LOCAL));
    ListenAddress any6 = at("::", 53);
    assertThat(WildcardAddresses.assign(List.of(any6), LOCAL)).isEqualTo(Map.of(any6, LOCAL));
  }

  @Test
  void anIpv4AndAnIpv6WildcardOnOnePortTakeOneFamilyEach() {
    ListenAddress any4 = at("0.0.0.0", 53);
    ListenAddress any6 = at("::", 53);
    assertThat(WildcardAddresses.assign(List.of(any4, any6), LOCAL))
        .isEqualTo(Map.of(any4, Set.of(V4, V4_LINK), any6, Set.of(V6)));

    ListenAddress any4Elsewhere = at("0.0.0.0", 5353);
    assertThat(WildcardAddresses.assign(List.of(any4Elsewhere, any6), LOCAL))
        .isEqualTo(Map.of(any4Elsewhere, LOCAL, any6, LOCAL));
  }

  @Test
  void anAddressBoundByNameOnTheSamePortIsLeftToItsListener() {
    ListenAddress any = at("0.0.0.0", 53);
    ListenAddress named = new ListenAddress(V4_LINK, 53);
    ListenAddress otherPort = new ListenAddress(V4, 5353);
    assertThat(WildcardAddresses.assign(List.of(any, named, otherPort), LOCAL))
        .isEqualTo(Map.of(any, Set.of(V4, V6)));
  }

  private static ListenAddress at(String ip, int port) {
    return new ListenAddress(ip(ip), port);
  }

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal); // a literal: never a lookup
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
