package io.nodelocaldns.installer.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SetParserTest {
  private static Map<String, Object> set(String text) throws Exception {
    return SetParser.parse(text, false);
  }

  @Test
  void aListInBracesIsAList() throws Exception {
    assertThat(set("upstream.servers={1.1.1.1,8.8.8.8}"))
        .isEqualTo(Map.of("upstream", Map.of("servers", List.of("1.1.1.1", "8.8.8.8"))));
  }

  @Test
  void booleansNullAndWholeNumbersAreTypedAsHelmTypesThem() throws Exception {
    Map<String, Object> values = set("a=true,b=FALSE,c=null,d=0,e=8080,f=-3,g=010,h=1.5,i=1e3,j=");

    assertThat(values.get("a")).isEqualTo(true);
    assertThat(values.get("b")).isEqualTo(false);
    assertThat(values).containsEntry("c", null);
    assertThat(values.get("d")).isEqualTo(0L);
    assertThat(values.get("e")).isEqualTo(8080L);
    assertThat(values.get("f")).isEqualTo(-3L);
    assertThat(values.get("g")).isEqualTo("010");
    assertThat(values.get("h")).isEqualTo("1.5");
    assertThat(values.get("i")).isEqualTo("1e3");
    assertThat(values.get("j")).isEqualTo("");
  }

  @Test
  void setStringKeepsEveryValueAString() throws Exception {
    assertThat(SetParser.parse("image.tag=1234,x=true,l={1,false}", true))
        .isEqualTo(Map.of("image", Map.of("tag", "1234"), "x", "true", "l", List.of("1", "false")));
  }

  @Test
  void anIndexSetsOneElementAndKeepsTheOthers() throws Exception {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("l", List.of("a", "b", "c"));

    SetParser.parseInto("l[1]=x", false, values);

    assertThat(values.get("l")).isEqualTo(List.of("a", "x", "c"));
  }

  @Test
  void anIndexPastTheEndPadsWithNulls() throws Exception {
    assertThat(set("a.b[2]=x").get("a")).isEqualTo(Map.of("b", Arrays.asList(null, null, "x")));
  }

  @Test
  void indexesNestMapsAndLists() throws Exception {
    assertThat(set("stubZones[0].zone=corp.example,stubZones[0].servers[1]=10.0.0.53"))
        .isEqualTo(
            Map.of(
                "stubZones",
                List.of(
                    Map.of("zone", "corp.example", "servers", Arrays.asList(null, "10.0.0.53")))));
    assertThat(set("m[0][1]=x")).isEqualTo(Map.of("m", List.of(Arrays.asList(null, "x"))));
  }

  @Test
  void aBackslashEscapesACommaInAValueAndInAList() throws Exception {
    assertThat(set("a=x\\,y,b=z")).isEqualTo(Map.of("a", "x,y", "b", "z"));
    assertThat(set("l={a\\,b,c}")).isEqualTo(Map.of("l", List.of("a,b", "c")));
  }

  @Test
  void aBackslashEscapesADotInAKey() throws Exception {
    assertThat(set("podAnnotations.example\\.com/team=dns"))
        .isEqualTo(Map.of("podAnnotations", Map.of("example.com/team", "dns")));
  }

  @Test
  void severalPairsAndAListInOneSet() throws Exception {
    assertThat(set("a={x,y},b=1")).isEqualTo(Map.of("a", List.of("x", "y"), "b", 1L));
  }

  @Test
  void emptyBracesAreAnEmptyList() throws Exception {
    assertThat(set("upstream.servers={}"))
        .isEqualTo(Map.of("upstream", Map.of("servers", List.of())));
  }

  @Test
  void whatHelmRefusesIsRefusedWithHelmsReason() {
    assertThatThrownBy(() -> set("novalue")).hasMessage("key \"novalue\" has no value");
    assertThatThrownBy(() -> set("a,b=1")).hasMessage("key \"a\" has no value");
    assertThatThrownBy(() -> set("l[x]=1")).hasMessageContaining("error parsing index");
    assertThatThrownBy(() -> set("l[-1]=1")).hasMessage("negative -1 index not allowed");
    assertThatThrownBy(() -> set("l[0]x=1"))
        .hasMessage("unexpected data at end of array index: \"x\"");
    assertThatThrownBy(() -> set("l={a,b")).hasMessage("list must terminate with '}'");
    assertThatThrownBy(() -> set("l[70000]=1"))
        .hasMessageContaining("greater than maximum supported index");
  }
}
