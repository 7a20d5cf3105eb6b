package io.nodelocaldns.runtime.whoami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nodelocaldns.runtime.DnsRuntime;
import io.nodelocaldns.runtime.RuntimeOptions;
import io.nodelocaldns.runtime.config.CorefileParser;
import io.nodelocaldns.runtime.config.Machine;
import io.nodelocaldns.runtime.config.Plugins;
import io.nodelocaldns.runtime.corefile.CorefileException;
import io.nodelocaldns.runtime.plugin.Corefile;
import io.nodelocaldns.runtime.testing.DnsClient;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A new directive needs its own package and one registry line, nothing else: {@code whoami},
 * defined only in this test package, is parsed, placed in the chain by its registry position (after
 * {@code cache}), served, and named in the parser's messages.
 */
class NewDirectiveTest {
  private static final Plugins WITH_WHOAMI = Plugins.STANDARD.with(new WhoamiPlugin(), "loop");

  private DnsRuntime runtime;

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  private static Corefile parse(String text) {
    return CorefileParser.parse("Corefile", text, Map.of(), WITH_WHOAMI, Machine.THIS);
  }

  @Test
  void aNewDirectiveIsParsedChainedAndServedWithOneRegistryLine() throws Exception {
    // written before cache, but the registry puts it after: cache answers the repeat
    runtime =
        DnsRuntime.start(
            parse(".:0 {\n bind 127.0.0.1\n whoami\n cache\n prometheus 127.0.0.1:0\n}\n"),
            RuntimeOptions.defaults());
    DnsClient client = DnsClient.udp(runtime.addresses().get(0).socketAddress());

    Message first = client.query("who.example.", Type.A);
    Message second = client.query("who.example.", Type.A);

    assertThat(first.getRcode()).isEqualTo(Rcode.NOERROR);
    ARecord answer = (ARecord) first.getSection(Section.ANSWER).get(0);
    assertThat(answer.getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
    assertThat(answer.getTTL()).isEqualTo(WhoamiHandler.TTL);
    assertThat(second.getSection(Section.ANSWER).get(0).getTTL())
        .as("the second answer comes from the cache, in front of whoami")
        .isLessThanOrEqualTo(WhoamiHandler.TTL);
    assertThat(
            runtime
                .meterRegistry()
                .orElseThrow()
                .get("coredns.dns.responses")
                .tag("plugin", "cache")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void itsArgumentsAreCheckedAndItsNameIsListedAmongTheSupported() {
    assertThatThrownBy(() -> parse(".:0 {\n whoami extra\n}\n"))
        .isInstanceOf(CorefileException.class)
        .hasMessageContaining("whoami");
    assertThatThrownBy(() -> parse(".:0 {\n whoareyou\n}\n"))
        .isInstanceOf(CorefileException.class)
        .hasMessageContaining("whoami");
    assertThatThrownBy(
            () ->
                CorefileParser.parse(
                    "Corefile", ".:0 {\n whoami\n}\n", Map.of(), Plugins.STANDARD, Machine.THIS))
        .as("without its registry line, the standard runtime refuses it")
        .hasMessageContaining("unknown directive \"whoami\"");
  }
}
