package dev.switchboard.examples.bench;

import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.spi.StreamAssembler;
import dev.switchboard.router.okhttp.internal.OpenAiStreamDecoder;
import dev.switchboard.router.okhttp.internal.SseReader;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;
import okhttp3.sse.internal.ServerSentEventReader;
import okio.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * router-okhttp's {@code SseReader} against okhttp-sse 5 on the same bytes (the streams of
 * {@link SseDecodeBenchmark}), from memory: reading events alone, and reading plus what every
 * streamed call does per event ({@code OpenAiStreamDecoder} and a {@code StreamAssembler}).
 * okhttp-sse is measured through its internal {@code ServerSentEventReader} and through its public
 * {@code EventSources.processResponse}. docs/performance.md has the figures and the decision.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SseReaderComparison {
  private static final MediaType EVENT_STREAM = MediaType.get("text/event-stream");
  private static final Request REQUEST = new Request.Builder().url("http://localhost/v1/chat/completions").build();

  @Param({"recorded", "long-500"})
  public String stream;

  private byte[] bytes;

  @Setup
  public void setUp() {
    bytes = SseDecodeBenchmark.bytes(stream);
  }

  @Benchmark
  public void readOurs(Blackhole bh) throws IOException {
    SseReader reader = new SseReader(new Buffer().write(bytes), Long.MAX_VALUE);
    for (SseReader.Event e = reader.next(); e != null; e = reader.next()) {
      bh.consume(e.name());
      bh.consume(e.data());
    }
  }

  @Benchmark
  public void readOkhttpSse(Blackhole bh) throws IOException {
    ServerSentEventReader reader = new ServerSentEventReader(new Buffer().write(bytes), new ServerSentEventReader.Callback() {
      @Override
      public void onEvent(String id, String type, String data) {
        bh.consume(type);
        bh.consume(data);
      }

      @Override
      public void onRetryChange(long timeMs) {}
    });
    while (reader.processNextEvent()) {
      // each call delivers at most one event to the callback
    }
  }

  @Benchmark
  public ChatResponse decodeOurs() throws IOException {
    return SseDecodeBenchmark.decode(bytes);
  }

  @Benchmark
  public ChatResponse decodeOkhttpSse() throws IOException {
    return decodeWithOkhttpSse(bytes);
  }

  @Benchmark
  public ChatResponse decodeOkhttpSsePublicApi() {
    return decodeWithOkhttpSsePublicApi(bytes);
  }

  /** Decoding on okhttp-sse's internal reader: the loop router-okhttp would run if it switched. */
  static ChatResponse decodeWithOkhttpSse(byte[] sse) throws IOException {
    Decoding d = new Decoding();
    ServerSentEventReader reader = new ServerSentEventReader(new Buffer().write(sse), new ServerSentEventReader.Callback() {
      @Override
      public void onEvent(String id, String type, String data) {
        d.event(type, data);
      }

      @Override
      public void onRetryChange(long timeMs) {}
    });
    while (!d.ended && reader.processNextEvent()) {
      // one event per call
    }
    return d.assembler.toResponse();
  }

  /** Decoding through okhttp-sse's public API, on a response built around the bytes. */
  static ChatResponse decodeWithOkhttpSsePublicApi(byte[] sse) {
    Decoding d = new Decoding();
    Response response = new Response.Builder().request(REQUEST).protocol(Protocol.HTTP_1_1).code(200).message("OK")
        .body(ResponseBody.create(sse, EVENT_STREAM)).build();
    EventSources.processResponse(response, new EventSourceListener() {
      @Override
      public void onEvent(EventSource source, String id, String type, String data) {
        if (!d.ended) {
          d.event(type, data);
        }
      }

      @Override
      public void onFailure(EventSource source, Throwable t, Response r) {
        throw new IllegalStateException("the benchmark's stream failed", t);
      }
    });
    return d.assembler.toResponse();
  }

  private static final class Decoding {
    final OpenAiStreamDecoder decoder = new OpenAiStreamDecoder("bench");
    final StreamAssembler assembler = new StreamAssembler();
    boolean ended;

    void event(String type, String data) {
      ended = decoder.decode(type, data, assembler::add);
    }
  }
}
