package dev.switchboard.router.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.spi.Json;
import dev.switchboard.router.quality.QualitySnapshot.Promotion;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The format {@link QualitySnapshot#exportJson()} writes and {@link QualitySnapshot#promotionsFromJson}
 * reads: {@code {"version":1,"promotions":[{"category":
 * "extraction","baseTier":"cheap","tier":"capable","since":"2026-...Z","reason":"..."}]}}.
 */
final class PromotionsJson {
  static final int VERSION = 1;

  private PromotionsJson() {}

  static String write(Collection<Promotion> promotions) {
    ObjectNode root = Json.object();
    root.put("version", VERSION);
    ArrayNode list = root.putArray("promotions");
    promotions.stream().sorted(Comparator.comparing(Promotion::category)).forEach(p -> list.addObject()
        .put("category", p.category().name())
        .put("baseTier", p.baseTier())
        .put("tier", p.tier())
        .put("since", p.since().toString())
        .put("reason", p.reason()));
    return Json.write(root);
  }

  /** @throws IllegalArgumentException naming what is wrong when {@code json} is not an export of {@link #write} */
  static List<Promotion> read(String json) {
    if (json == null || json.isBlank()) {
      throw new IllegalArgumentException("quality state to restore is empty");
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("quality state to restore is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject() || root.path("version").asInt(-1) != VERSION
        || !root.path("promotions").isArray()) {
      throw new IllegalArgumentException("quality state to restore must be an object with \"version\": " + VERSION
          + " and a \"promotions\" array, as QualitySnapshot.exportJson() writes it");
    }
    List<Promotion> out = new ArrayList<>();
    for (JsonNode p : root.get("promotions")) {
      try {
        out.add(new Promotion(TaskCategory.of(text(p, "category")), text(p, "baseTier"), text(p, "tier"),
            Instant.parse(text(p, "since")), p.path("reason").asText("")));
      } catch (DateTimeParseException | IllegalArgumentException e) {
        throw new IllegalArgumentException("quality state to restore has a bad promotion " + p + ": " + e.getMessage(),
            e);
      }
    }
    return out;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.textValue().isBlank()) {
      throw new IllegalArgumentException("\"" + field + "\" is missing");
    }
    return v.textValue();
  }
}
