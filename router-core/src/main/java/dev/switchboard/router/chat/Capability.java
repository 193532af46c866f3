package dev.switchboard.router.chat;

/** What a backend can do beyond plain text chat. Requests that need one skip backends without it. */
public enum Capability {
  /** Function calling: {@code tools} and {@code tool_choice}. */
  TOOLS,
  /** {@code response_format} json_object / json_schema. */
  JSON_OUTPUT,
  /** Image parts in messages. */
  VISION,
  /** Server-sent-event streaming. */
  STREAMING
}
