package dev.switchboard.router.metrics;

import dev.switchboard.router.RouteInfo;
import dev.switchboard.router.chat.Usage;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import java.util.Optional;

/**
 * Names a request's observation and its key values. Where OpenTelemetry's GenAI semantic
 * conventions name a thing, their name is used: {@code gen_ai.operation.name} ({@code chat}),
 * {@code gen_ai.request.model}, {@code gen_ai.response.model}, {@code error.type} (low
 * cardinality) and {@code gen_ai.usage.input_tokens}, {@code gen_ai.usage.output_tokens} (high
 * cardinality); the router's own are {@code router.service}, {@code router.category},
 * {@code router.tier}, {@code router.backend}, {@code router.outcome} (low) and
 * {@code router.cost}, {@code router.attempts} (high). Every low-cardinality key is always present
 * ({@code none} when unknown), so meters made from the observation keep one set of tags. Never a
 * prompt, never a key. Replace it with a {@code GlobalObservationConvention} registered on your
 * {@code ObservationRegistry}.
 */
public class DefaultChatObservationConvention implements ObservationConvention<ChatObservationContext> {
  /** The observation's name. */
  public static final String NAME = "router.request";
  /** What a value is when it is not known (not planned, not answered, no model named). */
  public static final String NONE = "none";

  @Override
  public String getName() {
    return NAME;
  }

  /** {@code chat} and the model asked for, as the GenAI conventions name a span: {@code chat gpt-4.1}. */
  @Override
  public String getContextualName(ChatObservationContext context) {
    return context.request().model().map(m -> "chat " + m).orElse("chat");
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return context instanceof ChatObservationContext;
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(ChatObservationContext context) {
    Optional<RouteInfo> route = context.route();
    String category = route.map(r -> r.category().name())
        .or(() -> context.decision().map(d -> d.category().name())).orElse(NONE);
    String tier = route.map(RouteInfo::tier).or(() -> context.decision().map(d -> d.tier())).orElse(NONE);
    Throwable error = context.getError();
    String outcome = error != null ? "error" : route.map(r -> r.cacheHit() ? "cache_hit" : "success").orElse(NONE);
    return KeyValues.of(
        KeyValue.of("gen_ai.operation.name", "chat"),
        KeyValue.of("gen_ai.request.model", context.request().model().orElse(NONE)),
        KeyValue.of("gen_ai.response.model", route.map(RouteInfo::model).orElse(NONE)),
        KeyValue.of("router.service", context.request().routing().service()),
        KeyValue.of("router.category", category),
        KeyValue.of("router.tier", tier),
        KeyValue.of("router.backend", route.map(RouteInfo::backend).orElse(NONE)),
        KeyValue.of("router.outcome", outcome),
        KeyValue.of("error.type", error == null ? NONE : error.getClass().getName()));
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(ChatObservationContext context) {
    Optional<Usage> usage = context.response().flatMap(r -> r.usage());
    Optional<RouteInfo> route = context.route();
    KeyValues kv = KeyValues.empty();
    if (usage.isPresent()) {
      kv = kv.and(KeyValue.of("gen_ai.usage.input_tokens", Integer.toString(usage.get().promptTokens())),
          KeyValue.of("gen_ai.usage.output_tokens", Integer.toString(usage.get().completionTokens())));
    }
    if (route.isPresent()) {
      kv = kv.and(KeyValue.of("router.cost", route.get().cost().toPlainString()),
          KeyValue.of("router.attempts", Integer.toString(route.get().attempts().size())));
    }
    return kv;
  }
}
