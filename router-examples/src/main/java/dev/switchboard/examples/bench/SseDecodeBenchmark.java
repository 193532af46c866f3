package dev.switchboard.examples.bench;

import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.spi.StreamAssembler;
import dev.switchboard.router.okhttp.internal.OpenAiStreamDecoder;
import dev.switchboard.router.okhttp.internal.SseReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okio.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decoding an OpenAI-compatible SSE stream the way router-okhttp does (its internal
 * {@code SseReader} and {@code OpenAiStreamDecoder}), assembled into the whole answer. The bytes
 * come from memory, so this is the decoding alone, without I/O: {@code recorded} is the recorded
 * llama.cpp stream with a usage chunk (2 KB, 4 text chunks), {@code long-500} is a long answer of
 * 500 text chunks built from the same recorded events.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SseDecodeBenchmark {
  static final String FIXTURE = "llamacpp_recorded/chat_stream_include_usage.sse.txt";

  @Param({"recorded", "long-500"})
  public String stream;

  private byte[] bytes;

  @Setup
  public void setUp() {
    bytes = bytes(stream);
  }

  /** The bytes of a {@link #stream} parameter's stream: {@code recorded} or {@code long-500}. */
  static byte[] bytes(String stream) {
    String recorded = read(Path.of(System.getProperty("switchboard.fixtures", "fixtures")).resolve(FIXTURE));
    return (stream.equals("recorded") ? recorded : lengthen(recorded, 500)).getBytes(StandardCharsets.UTF_8);
  }

  @Benchmark
  public ChatResponse decode() throws IOException {
    return decode(bytes);
  }

  static ChatResponse decode(byte[] sse) throws IOException {
    SseReader reader = new SseReader(new Buffer().write(sse), Long.MAX_VALUE);
    OpenAiStreamDecoder decoder = new OpenAiStreamDecoder("bench");
    StreamAssembler assembler = new StreamAssembler();
    for (SseReader.Event e = reader.next(); e != null; e = reader.next()) {
      if (decoder.decode(e.name(), e.data(), assembler::add)) {
        break;
      }
    }
    return assembler.toResponse();
  }

  /** The recorded stream with its text events repeated until there are {@code textChunks} of them. */
  static String lengthen(String sse, int textChunks) {
    List<String> events = new ArrayList<>();
    for (String e : sse.split("\n\n")) {
      if (!e.isBlank()) {
        events.add(e.strip());
      }
    }
    List<String> text = events.stream().filter(e -> e.contains("\"content\":\"")).toList();
    StringBuilder sb = new StringBuilder(events.get(0)).append("\n\n");
    for (int i = 0; i < textChunks; i++) {
      sb.append(text.get(i % text.size())).append("\n\n");
    }
    for (String e : events.subList(1, events.size())) {
      if (!e.contains("\"content\"")) {
        sb.append(e).append("\n\n"); // the finish chunk, the usage chunk, [DONE]
      }
    }
    return sb.toString();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fixture " + file + " (set -Dswitchboard.fixtures)", e);
    }
  }
}
