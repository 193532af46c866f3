package dev.switchboard.router.internal.plan;

import dev.switchboard.router.chat.ChatMessage;
import dev.switchboard.router.chat.ChatRequest;

/**
 * A cheap token estimate, used before a call (planning, budget checks) and when a backend reports
 * no usage. About four characters a token for English and code, plus per-message overhead.
 */
public final class TokenEstimate {
  /** Output tokens assumed when the request sets no max_tokens. */
  public static final int DEFAULT_OUTPUT_TOKENS = 256;
  private static final int PER_MESSAGE = 4;
  private static final int PER_IMAGE = 765;

  private TokenEstimate() {}

  public static int promptTokens(ChatRequest request) {
    long chars = 0;
    int images = 0;
    for (ChatMessage m : request.messages()) {
      chars += m.text().length();
      if (m.hasImage()) {
        images++;
      }
    }
    long tokens = (chars + 3) / 4 + (long) PER_MESSAGE * request.messages().size() + (long) PER_IMAGE * images;
    return (int) Math.min(Integer.MAX_VALUE, tokens);
  }

  public static int outputTokens(ChatRequest request) {
    return request.maxTokens().orElse(DEFAULT_OUTPUT_TOKENS);
  }

  public static int textTokens(String text) {
    return (text.length() + 3) / 4;
  }
}
