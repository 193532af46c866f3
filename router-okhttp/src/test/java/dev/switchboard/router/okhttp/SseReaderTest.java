package dev.switchboard.router.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.router.okhttp.internal.SseReader;
import java.io.EOFException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class SseReaderTest {
  private static List<SseReader.Event> read(String text) throws Exception {
    SseReader r = new SseReader(new Buffer().writeUtf8(text));
    List<SseReader.Event> out = new ArrayList<>();
    SseReader.Event e;
    while ((e = r.next()) != null) {
      out.add(e);
    }
    return out;
  }

  @Test
  void namesMultiLineDataCommentsAndCrlf() throws Exception {
    assertThat(read(": keep-alive\r\nevent: message_start\r\ndata: {\"a\":\r\ndata:1}\r\nid: 7\r\nretry: 10\r\n\r\n"
        + "data:no-space\n\n\n\ndata: [DONE]\n\n"))
        .containsExactly(new SseReader.Event("message_start", "{\"a\":\n1}"), new SseReader.Event(null, "no-space"),
            new SseReader.Event(null, "[DONE]"));
  }

  @Test
  void doneWithoutATrailingBlankLineIsAccepted() throws Exception {
    assertThat(read("data: {}\n\ndata: [DONE]")).extracting(SseReader.Event::data).containsExactly("{}", "[DONE]");
  }

  @Test
  void aBodyThatEndsInsideAnEventIsABrokenStream() {
    assertThatThrownBy(() -> read("data: {}\n\ndata: {\"choices\":[")).isInstanceOf(EOFException.class)
        .hasMessageContaining("middle of an event");
  }

  @Test
  void anEmptyBodyHasNoEvents() throws Exception {
    assertThat(read("")).isEmpty();
    assertThat(read(": only a comment\n\n")).isEmpty();
  }
}
