package io.nodelocaldns.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeedRulesTest {
  @Test
  void tenRulesPerAddressAsTheSeedListsThem() {
    List<SeedRules.Expected> rules = SeedRules.forAddresses(List.of("169.254.20.10", "10.96.0.10"));

    assertThat(rules).hasSize(20);
    assertThat(rules).filteredOn(r -> r.table().equals(SeedRules.RAW)).hasSize(12);
    assertThat(rules.getFirst())
        .hasToString("-t raw -A PREROUTING -d 169.254.20.10/32 -p udp --dport 53 -j NOTRACK");
  }

  @Test
  void matchesAListedRuleFieldByFieldAndCountsDuplicates() {
    SeedRules.Expected outputSport =
        new SeedRules.Expected(
            SeedRules.RAW, "OUTPUT", "10.96.0.10/32", "", "udp", "53", "", "NOTRACK");
    List<RuleListing.Rule> listing =
        RuleListing.parse(
            """
        -A OUTPUT -s 10.96.0.10/32 -p udp -m udp --sport 53 -m comment --comment "NodeLocal DNS Cache" -j NOTRACK
        -A OUTPUT -s 10.96.0.10/32 -p udp -m udp --sport 53 -m comment --comment "NodeLocal DNS Cache" -j NOTRACK
        -A OUTPUT -d 10.96.0.10/32 -p udp -m udp --dport 53 -j NOTRACK
        """);

    assertThat(SeedRules.count(outputSport, listing)).isEqualTo(2);
    assertThat(SeedRules.mentions("10.96.0.10", listing)).isTrue();
    assertThat(SeedRules.mentions("169.254.20.10", listing)).isFalse();
  }

  @Test
  void ipv6AddressesAreMatchedAsIp6tablesListsThem() {
    List<SeedRules.Expected> rules = SeedRules.forAddresses(List.of("fd00::10"));
    // as `ip6tables -t raw -S` printed them on this project's machine (nft and legacy alike)
    List<RuleListing.Rule> listing =
        RuleListing.parse(
            """
        -P PREROUTING ACCEPT
        -A PREROUTING -d fd00::10/128 -p udp -m udp --dport 53 -m comment --comment "NodeLocal DNS Cache: skip conntrack" -j NOTRACK
        -A OUTPUT -s fd00:10:96::a/128 -p tcp -m tcp --sport 53 -m comment --comment "NodeLocal DNS Cache: skip conntrack" -j NOTRACK
        """);

    assertThat(rules.getFirst())
        .hasToString("-t raw -A PREROUTING -d fd00::10/128 -p udp --dport 53 -j NOTRACK");
    assertThat(SeedRules.count(rules.getFirst(), listing)).isEqualTo(1);
    assertThat(SeedRules.mentions("fd00:10:96::a", listing)).isTrue();
    assertThat(SeedRules.mentions("fd00:10:96::b", listing)).isFalse();
    assertThat(SeedRules.cidr("10.96.0.10")).isEqualTo("10.96.0.10/32");
  }
}
