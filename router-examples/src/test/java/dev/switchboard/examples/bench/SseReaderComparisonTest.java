package dev.switchboard.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.okhttp.internal.SseReader;
import java.io.EOFException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;
import okhttp3.sse.internal.ServerSentEventReader;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** The comparison compares like with like; and the okhttp-sse behaviours behind the decision. No timing here. */
class SseReaderComparisonTest {
  @Test
  void everyPathDecodesTheSameAnswerFromTheSameBytes() throws Exception {
    for (String stream : List.of("recorded", "long-500")) {
      byte[] bytes = SseDecodeBenchmark.bytes(stream);
      ChatResponse ours = SseDecodeBenchmark.decode(bytes);

      for (ChatResponse theirs : List.of(SseReaderComparison.decodeWithOkhttpSse(bytes),
          SseReaderComparison.decodeWithOkhttpSsePublicApi(bytes))) {
        assertThat(theirs.content()).as(stream).isEqualTo(ours.content()).isNotEmpty();
        assertThat(theirs.usage()).as(stream).isEqualTo(ours.usage()).isPresent();
        assertThat(theirs.finishReason()).as(stream).isEqualTo(ours.finishReason()).contains("length");
      }
    }
  }

  private static List<String> okhttpSse(String body) throws Exception {
    List<String> data = new ArrayList<>();
    ServerSentEventReader reader = new ServerSentEventReader(new Buffer().writeUtf8(body), new ServerSentEventReader.Callback() {
      @Override
      public void onEvent(String id, String type, String d) {
        data.add(d);
      }

      @Override
      public void onRetryChange(long timeMs) {}
    });
    while (reader.processNextEvent()) {
      // one event per call
    }
    return data;
  }

  private static List<String> ours(String body) throws Exception {
    List<String> data = new ArrayList<>();
    SseReader reader = new SseReader(new Buffer().writeUtf8(body), 1 << 20);
    for (SseReader.Event e = reader.next(); e != null; e = reader.next()) {
      data.add(e.data());
    }
    return data;
  }

  /**
   * What okhttp-sse 5.5.1 does where router-okhttp needs otherwise (docs/performance.md, "SSE
   * decoding"). If this fails after an OkHttp upgrade, okhttp-sse changed: evaluate the switch again.
   */
  @Test
  void theOkhttpSseBehavioursThatKeepOurOwnReader() throws Exception {
    // A last [DONE] without its line end, which some servers send: accepted by ours, an unchecked
    // ArrayIndexOutOfBoundsException from okhttp-sse (not an IOException: not a transport failure).
    assertThat(ours("data: {}\n\ndata: [DONE]")).containsExactly("{}", "[DONE]");
    assertThatThrownBy(() -> okhttpSse("data: {}\n\ndata: [DONE]")).isInstanceOf(ArrayIndexOutOfBoundsException.class);

    // A body cut inside an event, after a line end: ours reports a broken stream, okhttp-sse a clean end.
    assertThatThrownBy(() -> ours("data: {}\n\ndata: {\"choices\":[\n")).isInstanceOf(EOFException.class);
    assertThat(okhttpSse("data: {}\n\ndata: {\"choices\":[\n")).containsExactly("{}");

    // The public API wants exactly text/event-stream; router-okhttp also reads a stream sent without a type.
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Response untyped = new Response.Builder().request(new Request.Builder().url("http://localhost/").build())
        .protocol(Protocol.HTTP_1_1).code(200).message("OK")
        .body(ResponseBody.create("data: {}\n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), null)).build();
    EventSources.processResponse(untyped, new EventSourceListener() {
      @Override
      public void onFailure(EventSource source, Throwable t, Response response) {
        failure.set(t);
      }
    });
    assertThat(failure.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("Invalid content-type");
  }
}
