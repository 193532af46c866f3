package dev.switchboard.router.failover;

import dev.switchboard.router.RateLimitedException;
import java.time.Duration;
import java.util.Objects;

/**
 * A rate limit for one service: at most {@code requests} per {@code requestPeriod} and at most
 * {@code tokens} (estimated prompt plus expected output) per {@code tokenPeriod}; 0 means no limit
 * of that kind. A request over the limit waits up to {@code maxWait} (0: not at all) and then fails
 * with a {@link RateLimitedException}. Immutable.
 *
 * <pre>{@code
 * RateLimit.requestsPerSecond(20).withTokensPerMinute(200_000).withMaxWait(Duration.ofMillis(500))
 * }</pre>
 */
public record RateLimit(long requests, Duration requestPeriod, long tokens, Duration tokenPeriod, Duration maxWait) {
  public RateLimit {
    Objects.requireNonNull(requestPeriod, "requestPeriod");
    Objects.requireNonNull(tokenPeriod, "tokenPeriod");
    Objects.requireNonNull(maxWait, "maxWait");
    if (requests < 0 || tokens < 0) {
      throw new IllegalArgumentException("rate limits must not be negative: " + requests + " requests, " + tokens
          + " tokens");
    }
    if (requests == 0 && tokens == 0) {
      throw new IllegalArgumentException("a rate limit needs a request or a token limit");
    }
    if (requestPeriod.isNegative() || requestPeriod.isZero() || tokenPeriod.isNegative() || tokenPeriod.isZero()) {
      throw new IllegalArgumentException("rate limit periods must be positive: " + requestPeriod + ", " + tokenPeriod);
    }
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must not be negative: " + maxWait);
    }
  }

  public static RateLimit requestsPerSecond(long requests) {
    return requests(requests, Duration.ofSeconds(1));
  }

  public static RateLimit requests(long requests, Duration per) {
    if (requests <= 0) {
      throw new IllegalArgumentException("requests must be positive: " + requests);
    }
    return new RateLimit(requests, per, 0, Duration.ofMinutes(1), Duration.ZERO);
  }

  public static RateLimit tokensPerMinute(long tokens) {
    return tokens(tokens, Duration.ofMinutes(1));
  }

  public static RateLimit tokens(long tokens, Duration per) {
    if (tokens <= 0) {
      throw new IllegalArgumentException("tokens must be positive: " + tokens);
    }
    return new RateLimit(0, Duration.ofSeconds(1), tokens, per, Duration.ZERO);
  }

  public RateLimit withTokensPerMinute(long tokens) {
    return new RateLimit(requests, requestPeriod, tokens, Duration.ofMinutes(1), maxWait);
  }

  public RateLimit withRequestsPerSecond(long requests) {
    return new RateLimit(requests, Duration.ofSeconds(1), tokens, tokenPeriod, maxWait);
  }

  /** How long a request may wait for the limit before failing. */
  public RateLimit withMaxWait(Duration maxWait) {
    return new RateLimit(requests, requestPeriod, tokens, tokenPeriod, maxWait);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    if (requests > 0) {
      sb.append(requests).append(" requests per ").append(requestPeriod);
    }
    if (tokens > 0) {
      sb.append(sb.length() > 0 ? ", " : "").append(tokens).append(" tokens per ").append(tokenPeriod);
    }
    return sb.toString();
  }
}
