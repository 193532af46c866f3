package dev.switchboard.router.okhttp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.router.Attempt;
import dev.switchboard.router.BackendException;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.InvalidRequestException;
import dev.switchboard.router.NoBackendAvailableException;
import dev.switchboard.router.RateLimitedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each router failure as the status, body and Retry-After a provider would have sent. */
class ErrorBodiesTest {
  private static BackendException limited(String backend, Duration wait) {
    return new BackendException(backend, FailureKind.RATE_LIMITED, 429, "Rate limit reached", wait, "rate limited", null);
  }

  private static NoBackendAvailableException gaveUp(Throwable last, FailureKind... kinds) {
    List<Attempt> attempts = java.util.stream.IntStream.range(0, kinds.length)
        .mapToObj(i -> Attempt.failure("b" + i, "t", kinds[i], "failed", Duration.ZERO)).toList();
    return new NoBackendAvailableException("no backend could answer", attempts, List.of(), last);
  }

  @Test
  void retryAfterIsWholeSecondsRoundedUpWithMillisecondsWhenTheyMatter() {
    assertThat(ErrorBodies.retryAfter(limited("a", Duration.ofSeconds(7)))).containsExactly(Map.entry("Retry-After", "7"));
    assertThat(ErrorBodies.retryAfter(limited("a", Duration.ofMillis(1500))))
        .containsExactly(Map.entry("Retry-After", "2"), Map.entry("retry-after-ms", "1500"));
    assertThat(ErrorBodies.retryAfter(limited("a", Duration.ofMillis(20))))
        .as("never rounded down to 'now'").containsEntry("Retry-After", "1");
    assertThat(ErrorBodies.retryAfter(limited("a", Duration.ZERO))).containsExactly(Map.entry("Retry-After", "0"));
    assertThat(ErrorBodies.retryAfter(limited("a", null))).isEmpty();
  }

  @Test
  void whenTheRouterGivesUpTheLastBackendsWaitIsPassedOn() {
    NoBackendAvailableException e = gaveUp(limited("b1", Duration.ofSeconds(3)), FailureKind.RATE_LIMITED,
        FailureKind.RATE_LIMITED);

    assertThat(ErrorBodies.status(e)).isEqualTo(429);
    assertThat(ErrorBodies.retryAfter(e)).containsEntry("Retry-After", "3");
    assertThat(ErrorBodies.retryAfter(gaveUp(new IllegalStateException("bug"), FailureKind.OTHER))).isEmpty();
  }

  @Test
  void statusesForEachWayOfFailing() {
    assertThat(ErrorBodies.status(new InvalidRequestException("no messages"))).isEqualTo(400);
    assertThat(ErrorBodies.status(new RateLimitedException("default", "1 requests per PT1H", "no wait allowed")))
        .isEqualTo(429);
    assertThat(ErrorBodies.status(new BackendException("a", FailureKind.BAD_REQUEST, 422, null, null, "bad", null)))
        .isEqualTo(422);
    assertThat(ErrorBodies.status(new BackendException("a", FailureKind.UNAUTHORIZED, "key"))).isEqualTo(502);
    assertThat(ErrorBodies.status(gaveUp(null, FailureKind.RATE_LIMITED, FailureKind.SERVER_ERROR)))
        .as("mixed reasons: unavailable, not the caller's rate limit").isEqualTo(503);
    assertThat(ErrorBodies.status(gaveUp(null))).as("nothing tried (every circuit open)").isEqualTo(503);
  }

  @Test
  void theBodyHasOpenAisErrorShape() {
    JsonNode rateLimited = ErrorBodies.json(gaveUp(null, FailureKind.RATE_LIMITED)).get("error");
    JsonNode unprocessable = ErrorBodies.json(
        new BackendException("a", FailureKind.BAD_REQUEST, 422, null, null, "bad", null)).get("error");
    JsonNode down = ErrorBodies.json(gaveUp(null, FailureKind.SERVER_ERROR)).get("error");

    assertThat(rateLimited.get("message").asText()).contains("b0: RATE_LIMITED");
    assertThat(rateLimited.get("type").asText()).isEqualTo("rate_limit_error");
    assertThat(rateLimited.get("code").asText()).isEqualTo("rate_limit_exceeded");
    assertThat(rateLimited.has("param")).isTrue();
    assertThat(rateLimited.get("param").isNull()).isTrue();
    assertThat(unprocessable.get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(down.get("type").asText()).isEqualTo("server_error");
    assertThat(down.get("code").asText()).isEqualTo("NoBackendAvailableException");
  }
}
