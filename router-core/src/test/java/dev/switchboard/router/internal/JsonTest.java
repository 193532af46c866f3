package dev.switchboard.router.internal;

import dev.switchboard.router.spi.Json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {
  private static String canonical(String json) {
    return canonical(Json.parseObject(json, "test", Json.Fault.REQUEST));
  }

  private static String canonical(JsonNode node) {
    return new String(Json.canonicalBytes(node), StandardCharsets.UTF_8);
  }

  @Test
  void keysAreSortedAtEveryDepthIncludingInsideArraysWhileArraysKeepTheirOrder() {
    String a = "{\"z\":1,\"a\":{\"y\":{\"q\":true,\"b\":null},\"c\":[{\"n\":\"x\",\"m\":[3,1,2]},{}]},\"é\":\"\",\"B\":false}";
    String b = "{\"B\":false,\"é\":\"\",\"a\":{\"c\":[{\"m\":[3,1,2],\"n\":\"x\"},{}],\"y\":{\"b\":null,\"q\":true}},\"z\":1}";

    assertThat(canonical(a)).isEqualTo(canonical(b))
        .isEqualTo("{\"B\":false,\"a\":{\"c\":[{\"m\":[3,1,2],\"n\":\"x\"},{}],\"y\":{\"b\":null,\"q\":true}},\"z\":1,\"é\":\"\"}");
  }

  @Test
  void orderMapEntriesByKeysAloneWouldNotSortATree() throws Exception {
    // Why Json uses JsonNodeFeature.WRITE_PROPERTIES_SORTED: the Map feature leaves ObjectNodes in insertion order.
    ObjectNode node = Json.object().put("b", 1).put("a", 2);
    String mapFeatureOnly = Json.MAPPER.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsString(node);
    assertThat(mapFeatureOnly).isEqualTo("{\"b\":1,\"a\":2}");
    assertThat(canonical(node)).isEqualTo("{\"a\":2,\"b\":1}");
  }

  @Test
  void everySpellingAndNodeTypeOfOneNumberIsWrittenTheSame() {
    List<JsonNode> fifties = List.of(Json.NODES.numberNode(50), Json.NODES.numberNode(50L), Json.NODES.numberNode((short) 50),
        Json.NODES.numberNode(BigInteger.valueOf(50)), Json.NODES.numberNode(50.0), Json.NODES.numberNode(50.0f),
        Json.NODES.numberNode(new BigDecimal("50.000")), Json.NODES.numberNode(new BigDecimal("5E+1")));
    for (JsonNode n : fifties) {
      assertThat(canonical(Json.object().set("v", n))).as("%s (%s)", n, n.getClass().getSimpleName()).isEqualTo("{\"v\":5E+1}");
    }
    assertThat(canonical("{\"a\":[1,1.0,1e0,0.1e1,10E-1],\"b\":{\"c\":-0.0,\"d\":0.70}}"))
        .isEqualTo("{\"a\":[1,1,1,1,1],\"b\":{\"c\":0,\"d\":0.7}}");
  }

  @Test
  void differentValuesStayDifferent() {
    List<String> forms = List.of(
        canonical("{\"a\":1}"), canonical("{\"a\":1.5}"), canonical("{\"a\":\"1\"}"), canonical("{\"a\":[1]}"),
        canonical("{\"A\":1}"), canonical("{\"a\":{\"b\":1}}"), canonical("{\"a\":{\"b\":2}}"),
        canonical("{\"a\":[1,2]}"), canonical("{\"a\":[2,1]}"), canonical("{\"a\":123456789012345678901234567890}"),
        canonical("{\"a\":123456789012345678901234567891}"), canonical("{\"a\":null}"), canonical("{}"));
    assertThat(forms).doesNotHaveDuplicates();
  }
}
