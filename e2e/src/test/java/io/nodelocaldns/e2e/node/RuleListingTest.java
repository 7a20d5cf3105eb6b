package io.nodelocaldns.e2e.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RuleListingTest {
  @Test
  void parsesTheSeedsRawListingAsLegacyIptablesPrintsIt() {
    String listing =
        """
        -P PREROUTING ACCEPT
        -P OUTPUT ACCEPT
        -A PREROUTING -d 10.96.0.10/32 -p udp -m udp --dport 53 -m comment --comment "NodeLocal DNS Cache: skip conntrack" -j NOTRACK
        -A OUTPUT -s 169.254.20.10/32 -p tcp -m tcp --sport 53 -j NOTRACK
        """;

    List<RuleListing.Rule> rules = RuleListing.parse(listing);

    assertThat(rules).hasSize(2);
    RuleListing.Rule first = rules.getFirst();
    assertThat(first.chain()).isEqualTo("PREROUTING");
    assertThat(first.destination()).isEqualTo("10.96.0.10/32");
    assertThat(first.source()).isEmpty();
    assertThat(first.protocol()).isEqualTo("udp");
    assertThat(first.dport()).isEqualTo("53");
    assertThat(first.sport()).isEmpty();
    assertThat(first.target()).isEqualTo("NOTRACK");
    assertThat(first.comment()).isEqualTo("NodeLocal DNS Cache: skip conntrack");
    assertThat(rules.get(1).source()).isEqualTo("169.254.20.10/32");
    assertThat(rules.get(1).sport()).isEqualTo("53");
    assertThat(rules.get(1).comment()).isEmpty();
  }

  @Test
  void nftsCtNotrackReadsAsNotrack() {
    RuleListing.Rule rule =
        RuleListing.parseLine(
            "-A OUTPUT -d 10.96.0.10/32 -p tcp -m tcp --dport 53 -j CT --notrack");

    assertThat(rule.target()).isEqualTo("NOTRACK");
  }

  @Test
  void aQuotedCommentWithEscapedQuotesIsOneToken() {
    assertThat(
            RuleListing.tokenize(
                "-A INPUT -m comment --comment \"say \\\"hi\\\" there\" -j ACCEPT"))
        .containsExactly(
            "-A", "INPUT", "-m", "comment", "--comment", "say \"hi\" there", "-j", "ACCEPT");
  }

  @Test
  void policiesAndChainDeclarationsAreNotRules() {
    assertThat(RuleListing.parse("-P INPUT ACCEPT\n-N KUBE-SERVICES\n")).isEmpty();
  }
}
