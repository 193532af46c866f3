package dev.switchboard.router.okhttp.internal;

import java.io.EOFException;
import java.io.IOException;
import okio.BufferedSource;

/**
 * Reads server-sent events one at a time from a body as it arrives. Only {@code event} and
 * {@code data} matter to chat streams; {@code id}, {@code retry} and comments are skipped. Each
 * event (its lines up to the blank line that ends it) is held to a bound while it is read, so an
 * endless line or event from a broken server fails instead of filling the heap. Why not
 * okhttp-sse's reader: docs/performance.md, "Our reader or okhttp-sse's".
 */
public final class SseReader {
  /** One event: its name (null when the server sent none) and its data lines joined by newlines. */
  public record Event(String name, String data) {}

  private final BufferedSource source;
  private final long maxEventBytes;

  /** @param maxEventBytes the most bytes one event may take; more is a {@link ReplyTooLargeException} */
  public SseReader(BufferedSource source, long maxEventBytes) {
    if (maxEventBytes <= 0) {
      throw new IllegalArgumentException("maxEventBytes must be positive: " + maxEventBytes);
    }
    this.source = source;
    this.maxEventBytes = maxEventBytes;
  }

  /**
   * The next event, or null at the end of the body.
   *
   * @throws EOFException when the body ends in the middle of an event (the stream broke)
   * @throws IOException a {@link ReplyTooLargeException} when one event is larger than the bound
   */
  public Event next() throws IOException {
    String name = null;
    String data = null; // the first data line as read: most events have only one
    StringBuilder lines = null; // the data lines joined, from the second one on
    long size = 0;
    while (true) {
      size += nextLineBytes(maxEventBytes - size);
      String line = source.readUtf8Line();
      if (line == null) {
        if (data == null) {
          return null;
        }
        if ((lines == null ? data : lines.toString()).trim().equals("[DONE]")) {
          return new Event(name, "[DONE]"); // some servers omit the blank line after the last event
        }
        throw new EOFException("the stream ended in the middle of an event");
      }
      if (line.isEmpty()) {
        if (data != null) {
          return new Event(name, lines == null ? data : lines.toString());
        }
        name = null;
        size = 0;
        continue;
      }
      if (line.charAt(0) == ':') {
        continue;
      }
      int colon = line.indexOf(':');
      int fieldEnd = colon < 0 ? line.length() : colon;
      boolean isEvent = fieldEnd == 5 && line.startsWith("event");
      if (!isEvent && !(fieldEnd == 4 && line.startsWith("data"))) {
        continue;
      }
      int start = colon < 0 ? line.length() : colon + 1;
      if (start < line.length() && line.charAt(start) == ' ') {
        start++;
      }
      String value = line.substring(start); // one copy: the line's own string is dropped
      if (isEvent) {
        name = value;
      } else if (data == null) {
        data = value;
      } else {
        if (lines == null) {
          lines = new StringBuilder(data);
        }
        lines.append('\n').append(value);
      }
    }
  }

  /**
   * The size of the next line with its line end, found before it is read: refused when no line end
   * comes within the {@code remaining} bytes of the event's bound (at the end of the body, the rest).
   */
  private long nextLineBytes(long remaining) throws IOException {
    long end = source.indexOf((byte) '\n', 0, remaining);
    if (end >= 0) {
      return end + 1;
    }
    // One byte past the bound proves the line too long; a bound of Long.MAX_VALUE is no bound (and must not overflow).
    if (source.request(remaining == Long.MAX_VALUE ? remaining : remaining + 1)) {
      throw new ReplyTooLargeException("one event of the stream", maxEventBytes, "bytes");
    }
    return source.getBuffer().size();
  }
}
