package dev.switchboard.router.okhttp.internal;

import java.io.EOFException;
import java.io.IOException;
import okio.BufferedSource;

/**
 * Reads server-sent events one at a time from a body as it arrives. Only {@code event} and
 * {@code data} matter to chat streams; {@code id}, {@code retry} and comments are skipped.
 */
public final class SseReader {
  /** One event: its name (null when the server sent none) and its data lines joined by newlines. */
  public record Event(String name, String data) {}

  private final BufferedSource source;

  public SseReader(BufferedSource source) {
    this.source = source;
  }

  /**
   * The next event, or null at the end of the body.
   *
   * @throws EOFException when the body ends in the middle of an event (the stream broke)
   */
  public Event next() throws IOException {
    String name = null;
    StringBuilder data = null;
    while (true) {
      String line = source.readUtf8Line();
      if (line == null) {
        if (data == null) {
          return null;
        }
        if (data.toString().trim().equals("[DONE]")) {
          return new Event(name, "[DONE]"); // some servers omit the blank line after the last event
        }
        throw new EOFException("the stream ended in the middle of an event");
      }
      if (line.isEmpty()) {
        if (data != null) {
          return new Event(name, data.toString());
        }
        name = null;
        continue;
      }
      if (line.charAt(0) == ':') {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      if (field.equals("event")) {
        name = value;
      } else if (field.equals("data")) {
        if (data == null) {
          data = new StringBuilder(value);
        } else {
          data.append('\n').append(value);
        }
      }
    }
  }
}
