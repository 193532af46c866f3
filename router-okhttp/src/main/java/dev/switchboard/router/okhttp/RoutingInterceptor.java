package dev.switchboard.router.okhttp;

import dev.switchboard.router.ChatClient;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.RouteInfo;
import dev.switchboard.router.StreamHandle;
import dev.switchboard.router.SwitchboardException;
import dev.switchboard.router.okhttp.internal.ErrorBodies;
import dev.switchboard.router.okhttp.internal.OkHttpVersion;
import dev.switchboard.router.okhttp.internal.SsePipe;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
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
 * The reply is the one the provider would have sent: {@code Content-Type: application/json} with
 * the completion, or {@code Content-Type: text/event-stream} with {@code data:} events and
 * {@code data: [DONE]}. On purpose it adds {@code x-switchboard: routed}, and on answers
 * {@code x-switchboard-backend} and {@code x-switchboard-tier} naming the backend that answered
 * (after any failover). Failures come back as the status and OpenAI-shaped error body the client
 * already handles, with the backend's Retry-After: 400 for a bad request, 429 when every backend
 * is rate limited, 503 when none can answer (docs/backends.md has the whole table).
 */
public final class RoutingInterceptor implements Interceptor {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final MediaType SSE = MediaType.get("text/event-stream");

  private final ChatClient router;

  private RoutingInterceptor(ChatClient router) {
    this.router = router;
  }

  /**
   * @throws IllegalStateException when the OkHttp on the class path is not 5.x (another dependency,
   *     such as the OpenAI SDK, brought OkHttp 4): the message says where it came from and the fix
   */
  public static RoutingInterceptor of(ChatClient router) {
    OkHttpVersion.require();
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
    RouteInfo route = answer.route();
    Response.Builder reply = json(request, 200, answer.toJson());
    return route == null ? reply.build() : answeredBy(reply, route.backend(), route.tier()).build();
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
    Response.Builder reply = base(request, 200)
        .header("Content-Type", SSE.toString())
        .header("Cache-Control", "no-cache")
        .body(ResponseBody.create(Okio.buffer(pipe.source()), SSE, -1));
    return pipe.backend() == null ? reply.build() : answeredBy(reply, pipe.backend(), pipe.tier()).build();
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
    Response.Builder reply = json(request, ErrorBodies.status(e), ErrorBodies.json(e).toString());
    ErrorBodies.retryAfter(e).forEach(reply::addHeader);
    return reply.build();
  }

  private static Response.Builder json(Request request, int code, String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return base(request, code)
        .header("Content-Type", JSON.toString())
        .header("Content-Length", Integer.toString(bytes.length))
        .body(ResponseBody.create(bytes, JSON));
  }

  /** Names the backend that answered, plain or streamed alike. */
  private static Response.Builder answeredBy(Response.Builder reply, String backend, String tier) {
    return reply.header("x-switchboard-backend", backend).header("x-switchboard-tier", tier);
  }

  private static Response.Builder base(Request request, int code) {
    return new Response.Builder()
        .request(request)
        .protocol(Protocol.HTTP_1_1)
        .code(code)
        .message(reason(code))
        .header("x-switchboard", "routed");
  }

  private static String reason(int code) {
    return switch (code) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 413 -> "Payload Too Large";
      case 422 -> "Unprocessable Entity";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "";
    };
  }
}
