package dev.switchboard.examples;

import dev.switchboard.router.BackendException;
import dev.switchboard.router.ChatClient;
import dev.switchboard.router.chat.ChatMessage;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.chat.Choice;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.chat.Usage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An embedded stand-in for a model server, so the demo runs with no network and no keys. It
 * answers with a short canned reply and reports realistic token usage (about four characters a
 * token), which is what the router prices. It can be made to refuse its first few connections.
 */
final class StandInBackend implements ChatClient {
  private final String name;
  private final AtomicInteger refusalsLeft;

  StandInBackend(String name, int refuseFirst) {
    this.name = name;
    this.refusalsLeft = new AtomicInteger(refuseFirst);
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    if (refusalsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new BackendException(name, FailureKind.TRANSPORT, "connection refused (simulated: the server is restarting)");
    }
    String prompt = request.lastUserMessage().map(ChatMessage::text).orElse("");
    int promptTokens = 12 + request.messages().stream().mapToInt(m -> 4 + (m.text().length() + 3) / 4).sum();
    int wanted = request.maxTokens().orElse(400);
    int completionTokens = Math.min(wanted, 60 + Math.floorMod(prompt.hashCode(), 340));
    String model = request.model().orElse(name);
    return ChatResponse.builder()
        .id("chatcmpl-standin-" + Integer.toHexString(prompt.hashCode()))
        .model(model)
        .choice(Choice.of(0, ChatMessage.assistant("(" + model + " answers in " + completionTokens + " tokens)"), "stop"))
        .usage(Usage.of(promptTokens, completionTokens))
        .build();
  }
}
