package dev.switchboard.router;

import dev.switchboard.router.chat.RoutingMetadata;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends the requests of a service, or those carrying a tag, to a tier whatever their category:
 * an operator's decision, kept out of the application's code. Immutable.
 *
 * <pre>{@code
 * RoutingChatClient.builder()
 *     .rule(RoutingRule.forService("legal").toTier("cloud"))          // every request of this service
 *     .rule(RoutingRule.forTag("bulk-import").toTier("local"))        // every request with this tag
 *     .rule(RoutingRule.forService("support").andTag("vip").toTier("cloud"))  // both must match
 * }</pre>
 *
 * <p>A request's own {@code tierHint} wins over a rule; the first rule that matches wins over the
 * tier map and the quality loop's promotions. The budget may still downgrade it. {@code explain}
 * and {@code route().reason()} name the rule.
 */
public final class RoutingRule {
  private final String service; // null: any service
  private final String tag; // null: any tags
  private final String tier;

  private RoutingRule(String service, String tag, String tier) {
    this.service = service;
    this.tag = tag;
    this.tier = tier;
  }

  /** Matches the requests of {@code service} ({@code request.routing().service()}). */
  public static Match forService(String service) {
    return new Match(name(service, "service"), null);
  }

  /** Matches the requests that carry {@code tag}. */
  public static Match forTag(String tag) {
    return new Match(null, name(tag, "tag"));
  }

  public Optional<String> service() {
    return Optional.ofNullable(service);
  }

  public Optional<String> tag() {
    return Optional.ofNullable(tag);
  }

  /** The tier the matching requests go to. */
  public String tier() {
    return tier;
  }

  /** Whether a request with this routing metadata is one this rule sends to its tier. */
  public boolean matches(RoutingMetadata routing) {
    return (service == null || service.equals(routing.service())) && (tag == null || routing.tags().contains(tag));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RoutingRule r && Objects.equals(service, r.service) && Objects.equals(tag, r.tag)
        && tier.equals(r.tier);
  }

  @Override
  public int hashCode() {
    return Objects.hash(service, tag, tier);
  }

  /** {@code service=legal -> tier cloud}: how explain names the rule. */
  @Override
  public String toString() {
    return (service != null ? "service=" + service : "") + (service != null && tag != null ? ", " : "")
        + (tag != null ? "tag=" + tag : "") + " -> tier " + tier;
  }

  private static String name(String s, String what) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException("a rule's " + what + " must not be blank: '" + s + "'");
    }
    return s;
  }

  /** What a rule matches, waiting for the tier it sends matches to. */
  public static final class Match {
    private final String service;
    private final String tag;

    private Match(String service, String tag) {
      this.service = service;
      this.tag = tag;
    }

    /** Also requires {@code tag}. */
    public Match andTag(String tag) {
      return new Match(service, name(tag, "tag"));
    }

    /** Also requires {@code service}. */
    public Match andService(String service) {
      return new Match(name(service, "service"), tag);
    }

    /** The rule: matching requests go to {@code tier} (a tier of the router, checked when it is built). */
    public RoutingRule toTier(String tier) {
      return new RoutingRule(service, tag, name(tier, "tier"));
    }
  }
}
