package dev.switchboard.router.classify;

import dev.switchboard.router.chat.ChatRequest;

/**
 * What the request's fields say, whatever its words: {@code json-schema} and {@code json-mode}
 * (response_format), {@code tools}, {@code max-tokens} (a word or two wanted back),
 * {@code temperature} (1.0 or more).
 */
final class RequestShapeCollector implements SignalCollector {
  @Override
  public void collect(SegmentedPrompt prompt, Evidence evidence) {
    ChatRequest request = prompt.request();
    String type = request.responseFormatType().orElse("");
    if (type.equals("json_schema")) {
      evidence.add(SignalName.JSON_SCHEMA.signal(TaskCategory.EXTRACTION, 2.0, "response_format json_schema"));
    } else if (type.equals("json_object")) {
      evidence.add(SignalName.JSON_MODE.signal(TaskCategory.EXTRACTION, 1.0, "response_format json_object"));
    }
    if (request.hasTools()) {
      evidence.add(SignalName.TOOLS.signal(TaskCategory.GENERAL, 1.0, "the model may call tools"));
    }
    request.maxTokens().ifPresent(max -> {
      if (max <= 5) {
        evidence.add(SignalName.MAX_TOKENS.signal(TaskCategory.CLASSIFICATION, 1.5, "max_tokens " + max));
      } else if (max <= 16) {
        evidence.add(SignalName.MAX_TOKENS.signal(TaskCategory.CLASSIFICATION, 1.0, "max_tokens " + max));
      }
    });
    request.temperature().ifPresent(t -> {
      if (t >= 1.0) {
        evidence.add(SignalName.TEMPERATURE.signal(TaskCategory.CREATIVE, 1.0, "temperature " + t));
      }
    });
  }
}
