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
    SseReader r = new SseReader(new Buffer().writeUtf8(text), 1 << 20);
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
  void fieldNamesMatchWholeAndOnlyOneSpaceIsDropped() throws Exception {
    assertThat(read("database: no\ndata\ndata:  two\nevents: no\nevent\n\ndataa: no\nevent:x\n\n"))
        .containsExactly(new SseReader.Event("", "\n two")); // the second event has no data: not an event
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
  void theLargestBoundIsNoBoundAndStillEndsAtTheEndOfTheBody() throws Exception {
    SseReader r = new SseReader(new Buffer().writeUtf8("data: {}\n\n"), Long.MAX_VALUE);
    assertThat(r.next().data()).isEqualTo("{}");
    assertThat(r.next()).isNull();
  }

  @Test
  void anEmptyBodyHasNoEvents() throws Exception {
    assertThat(read("")).isEmpty();
    assertThat(read(": only a comment\n\n")).isEmpty();
  }

  @Test
  void eachEventIsHeldToTheBoundInBytesItsEndingBlankLineIncluded() throws Exception {
    String event = "data: \u00e9\n\n"; // "data: é\n" is 9 bytes (é is 2), the blank line 1: 10 in all
    SseReader fits = new SseReader(new Buffer().writeUtf8(event + event + "data: [DONE]"), 10); // last: 12 bytes
    assertThat(fits.next().data()).isEqualTo("\u00e9");
    assertThat(fits.next().data()).isEqualTo("\u00e9"); // the bound is per event, not per stream
    assertThatThrownBy(fits::next).isInstanceOf(java.io.IOException.class).hasMessageContaining("bound of 10 bytes");
    SseReader exact = new SseReader(new Buffer().writeUtf8(event + "data: [DONE]"), 12);
    assertThat(exact.next().data()).isEqualTo("\u00e9");
    assertThat(exact.next().data()).isEqualTo("[DONE]"); // a last line without its line end, exactly at the bound
    assertThat(exact.next()).isNull();

    assertThatThrownBy(() -> new SseReader(new Buffer().writeUtf8(event), 9).next())
        .isInstanceOf(java.io.IOException.class).hasMessageContaining("one event of the stream is larger than "
            + "this backend's bound of 9 bytes");
    // A comment or a field counts too: an endless line of any kind is refused.
    assertThatThrownBy(() -> new SseReader(new Buffer().writeUtf8(": " + "x".repeat(100)), 50).next())
        .isInstanceOf(java.io.IOException.class).hasMessageContaining("bound of 50 bytes");
  }
}
