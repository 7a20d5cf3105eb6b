package io.nodelocaldns.runtime.cache;

import static io.nodelocaldns.runtime.cache.TestQueries.query;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

class CacheKeyTest {

  @Test
  void keyHasTheLowerCasedNameTypeClassAndTheDoAndCdBits() {
    var request = query("WWW.Example.COM.").type(Type.AAAA).dnssecOk().checkingDisabled();

    CacheKey key = CacheKey.of(request.request().query());

    assertThat(key).isEqualTo(new CacheKey("www.example.com.", Type.AAAA, 1, true, true));
  }

  @Test
  void spellingAndIdDoNotChangeTheKey() {
    CacheKey lower = CacheKey.of(query("example.com.").id(1).request().query());
    CacheKey mixed = CacheKey.of(query("eXaMpLe.CoM.").id(2).request().query());

    assertThat(mixed).isEqualTo(lower).hasSameHashCodeAs(lower);
  }
}
