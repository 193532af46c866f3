package dev.switchboard.router.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.spi.Json;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Field-by-field comparison of two JSON answers, nested objects and arrays included. */
final class JsonFieldScorer implements QualityScorer {
  @Override
  public Optional<QualityScore> score(TaskCategory category, ChatRequest request, String candidate, String reference) {
    JsonNode ref = parse(reference);
    if (ref == null) {
      // The reference did not answer in JSON, so neither is wrong for not doing so: compare words.
      return Optional.of(TokenF1Scorer.f1(Tokens.of(candidate), Tokens.of(reference)));
    }
    JsonNode cand = parse(candidate);
    if (cand == null) {
      return Optional.of(QualityScore.of(0, candidate == null || candidate.isBlank()
          ? "the answer is empty" : "the answer is not valid JSON"));
    }
    Map<String, String> r = flatten(ref);
    Map<String, String> c = flatten(cand);
    Set<String> all = new LinkedHashSet<>(r.keySet());
    all.addAll(c.keySet());
    if (all.isEmpty()) {
      return Optional.of(QualityScore.of(1, "both answers hold no fields"));
    }
    int same = 0;
    String firstMiss = null;
    for (String path : all) {
      if (r.containsKey(path) && r.get(path).equals(c.get(path))) {
        same++;
      } else if (firstMiss == null) {
        firstMiss = path;
      }
    }
    String reason = same + " of " + all.size() + " fields match" + (firstMiss != null ? ", first difference at "
        + firstMiss : "");
    return Optional.of(QualityScore.of((double) same / all.size(), reason));
  }

  /** The JSON in an answer: the whole text, or inside a code fence, or from the first bracket to the last. */
  static JsonNode parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.strip();
    int fence = t.indexOf("```");
    if (fence >= 0) {
      int bodyStart = t.indexOf('\n', fence);
      int end = bodyStart < 0 ? -1 : t.indexOf("```", bodyStart);
      if (end > bodyStart) {
        t = t.substring(bodyStart + 1, end).strip();
      }
    }
    JsonNode node = read(t);
    if (node != null && node.isContainerNode()) {
      return node;
    }
    int open = firstOf(t, '{', '[');
    int close = Math.max(t.lastIndexOf('}'), t.lastIndexOf(']'));
    return open >= 0 && close > open ? container(read(t.substring(open, close + 1))) : container(node);
  }

  private static JsonNode container(JsonNode n) {
    return n != null && n.isContainerNode() ? n : null;
  }

  private static JsonNode read(String s) {
    try {
      JsonNode n = Json.MAPPER.readTree(s);
      return n == null || n.isMissingNode() ? null : n;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static int firstOf(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }

  /** Path to normalised leaf value; nulls and empty containers carry no field. */
  static Map<String, String> flatten(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    flatten("$", node, out);
    return out;
  }

  private static void flatten(String path, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      node.properties().forEach(e -> flatten(path + "." + Tokens.fold(e.getKey()), e.getValue(), out));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        flatten(path + "[" + i + "]", node.get(i), out);
      }
    } else if (!node.isNull()) {
      out.put(path, leaf(node));
    }
  }

  private static String leaf(JsonNode n) {
    if (n.isNumber()) {
      return "n:" + n.decimalValue().stripTrailingZeros().toPlainString();
    }
    if (n.isBoolean()) {
      return "b:" + n.booleanValue();
    }
    String s = Tokens.fold(n.asText());
    String numeric = s.matches("[-+]?\\d{1,3}(,\\d{3})+(\\.\\d+)?") ? s.replace(",", "") : s;
    if (numeric.matches("[-+]?\\d+(\\.\\d+)?")) {
      return "n:" + new BigDecimal(numeric).stripTrailingZeros().toPlainString();
    }
    if (s.equals("true") || s.equals("false")) {
      return "b:" + s;
    }
    return "s:" + s;
  }
}
