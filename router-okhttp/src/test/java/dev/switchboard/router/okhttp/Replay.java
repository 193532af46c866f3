package dev.switchboard.router.okhttp;

import dev.switchboard.router.chat.ChatChunk;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.Fixtures;
import dev.switchboard.router.StreamListener;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;

/** Test helpers: fixtures as MockWebServer replies, bodies that break or stall, a recording listener. */
final class Replay {
  private Replay() {}

  static MockResponse json(String fixture) {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(Fixtures.read(fixture)).build();
  }

  static MockResponse jsonBody(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  static MockResponse sse(String body) {
    return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build();
  }

  static MockResponse sseFixture(String fixture) {
    return sse(Fixtures.read(fixture));
  }

  /** Sends {@code prefix}, then nothing until {@code release} opens (the test's end). */
  static MockResponseBody stallingAfter(String prefix, CountDownLatch release) {
    return new MockResponseBody() {
      @Override
      public long getContentLength() {
        return -1;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        sink.writeUtf8(prefix);
        sink.flush();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          throw new InterruptedIOException();
        }
      }
    };
  }

  /** Records every listener call, in order. */
  static class Recorder implements StreamListener {
    final List<ChatChunk> chunks = new CopyOnWriteArrayList<>();
    final List<Object> ends = new CopyOnWriteArrayList<>();
    final CountDownLatch ended = new CountDownLatch(1);

    @Override
    public void onChunk(ChatChunk chunk) {
      chunks.add(chunk);
    }

    @Override
    public void onComplete(ChatResponse response) {
      ends.add(response);
      ended.countDown();
    }

    @Override
    public void onError(Throwable error) {
      ends.add(error);
      ended.countDown();
    }

    String text() {
      StringBuilder sb = new StringBuilder();
      chunks.forEach(c -> sb.append(c.contentDelta()));
      return sb.toString();
    }
  }

  /** Waits for a stream's end; a hang fails the test instead of blocking the build. */
  static <T> T await(java.util.concurrent.CompletableFuture<T> f) throws InterruptedException, TimeoutException {
    try {
      return f.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("expected success, got " + e.getCause(), e.getCause());
    }
  }

  static Throwable awaitFailure(java.util.concurrent.CompletableFuture<?> f) throws InterruptedException, TimeoutException {
    try {
      Object value = f.get(10, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + value);
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }
}
