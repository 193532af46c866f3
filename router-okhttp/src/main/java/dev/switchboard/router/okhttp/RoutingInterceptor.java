package dev.switchboard.router.okhttp;

import dev.switchboard.router.ChatClient;
import dev.switchboard.router.ChatRequest;
import dev.switchboard.router.ChatResponse;
import dev.switchboard.router.RouteInfo;
import dev.switchboard.router.StreamHandle;
import dev.switchboard.router.SwitchboardException;
import dev.switchboard.router.okhttp.internal.ErrorBodies;
import dev.switchboard.router.okhttp.internal.SsePipe;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.Okio;

/**
 * Routes an existing OkHttp-based OpenAI client in-process: every {@code POST .../chat/completions}
 * is answered by a {@link ChatClient} (normally a {@link dev.switchboard.router.RoutingChatClient})
 * without touching the network, plain or streamed; every other call goes through untouched.
 *
 * <pre>{@code
 * OpenAIClient openai = OpenAIOkHttpClient.builder()
 *     .apiKey("unused")                         // the router's backends hold the real keys
 *     .addInterceptor(RoutingInterceptor.of(router))
 *     .build();
 * }</pre>
 *
 * Routed answers carry {@code x-switchboard-backend} and {@code x-switchboard-tier} headers.
 * Failures come back as the HTTP status and OpenAI-shaped error body the client already handles
 * (400 for a bad request, 429 when every backend is rate limited, 503 when none can answer).
 */
public final class RoutingInterceptor implements Interceptor {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final MediaType SSE = MediaType.get("text/event-stream");

  private final ChatClient router;

  private RoutingInterceptor(ChatClient router) {
    this.router = router;
  }

  public static RoutingInterceptor of(ChatClient router) {
    return new RoutingInterceptor(Objects.requireNonNull(router, "router"));
  }

  /** True for the calls this interceptor answers: POST to a path ending in /chat/completions. */
  public static boolean routes(Request request) {
    return request.method().equals("POST") && request.url().encodedPath().endsWith("/chat/completions");
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (!routes(request)) {
      return chain.proceed(request);
    }
    ChatRequest chat;
    try {
      chat = ChatRequest.fromJson(body(request));
    } catch (SwitchboardException e) {
      return error(request, e);
    }
    return chat.stream() ? stream(chain, chat) : plain(request, chat);
  }

  private Response plain(Request request, ChatRequest chat) {
    ChatResponse answer;
    try {
      answer = router.chat(chat);
    } catch (SwitchboardException e) {
      return error(request, e);
    }
    Response.Builder b = base(request, 200).body(ResponseBody.create(answer.toJson(), JSON));
    RouteInfo route = answer.route();
    if (route != null) {
      b.header("x-switchboard-backend", route.backend()).header("x-switchboard-tier", route.tier());
    }
    return b.build();
  }

  private Response stream(Chain chain, ChatRequest chat) throws IOException {
    Request request = chain.request();
    SsePipe pipe = new SsePipe();
    StreamHandle handle = router.stream(chat, pipe);
    pipe.onReaderGone(handle::cancel);
    try {
      // Failover happens before the first chunk; once it arrives the answer is a 200 stream.
      int wait = chain.readTimeoutMillis();
      if (wait > 0) {
        pipe.started().get(wait, TimeUnit.MILLISECONDS);
      } else {
        pipe.started().get();
      }
    } catch (TimeoutException e) {
      handle.cancel();
      throw new SocketTimeoutException("no first chunk from the router within the client's read timeout");
    } catch (InterruptedException e) {
      handle.cancel();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the first chunk");
    } catch (ExecutionException e) {
      return error(request, e.getCause());
    }
    return base(request, 200)
        .header("Cache-Control", "no-cache")
        .body(ResponseBody.create(Okio.buffer(pipe.source()), SSE, -1))
        .build();
  }

  private static String body(Request request) throws IOException {
    if (request.body() == null) {
      return "";
    }
    Buffer buffer = new Buffer();
    request.body().writeTo(buffer);
    return buffer.readUtf8();
  }

  private static Response error(Request request, Throwable e) {
    return base(request, ErrorBodies.status(e))
        .body(ResponseBody.create(ErrorBodies.json(e).toString(), JSON))
        .build();
  }

  private static Response.Builder base(Request request, int code) {
    return new Response.Builder()
        .request(request)
        .protocol(Protocol.HTTP_1_1)
        .code(code)
        .message(code == 200 ? "OK" : "Switchboard")
        .header("x-switchboard", "routed");
  }
}
