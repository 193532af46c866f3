package dev.switchboard.router.quality;

import dev.switchboard.router.Backend;
import dev.switchboard.router.Price;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.Usage;
import dev.switchboard.router.testing.FakeChatClient;
import dev.switchboard.router.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * For the calibration tests (the report's too): a router over fakes, with the real classifier and
 * no category hints, a cheap tier that answers some kinds of prompt wrong, a capable tier and a
 * reference that answer every one right. Samples run on the caller's thread and sampling is
 * seeded: every run is the same. Every answer reports 400 prompt and 100 completion tokens:
 * $0.00008 on the cheap tier, $0.0016 on the capable one. The tier names are the caller's, so a
 * test can give hostile ones.
 */
public final class CalibrationTraffic {
  public static final String INVOICE = "Extract the invoice number and the total from this email as JSON:\n\n"
      + "Hi, please find invoice INV-2291 attached, total 120.50 EUR, due 3 May. (ref %d)";
  public static final String ORDER = "Pull the order id out of this: 'Hi, I never received order 7781.' (ref %d)";
  public static final String REVIEW = "Classify the sentiment of this review as positive or negative: "
      + "'The chairs arrived on time and look great.' (ref %d)";
  public static final String THREAD = "Summarise this support thread in one sentence:\n\nCustomer: my two chairs "
      + "arrived late. Agent: sorry about that. Customer: I want a refund. (ref %d)";
  public static final String WHY = "Why does ice float on water? (ref %d)";

  /** The right answer for each kind of prompt, by its first word, as the reference gives it. */
  private static final Map<String, String> RIGHT = Map.of(
      "Extract", "{\"invoice\": \"INV-2291\", \"total\": 120.50}",
      "Pull", "{\"order\": \"7781\"}",
      "Classify", "positive",
      "Summarise", "The customer wants a refund for two chairs that arrived late.",
      "Why", "Ice is less dense than liquid water because hydrogen bonds hold its molecules in an open lattice.");

  public final ManualClock clock = ManualClock.create();
  public final FakeChatClient reference = fake("reference", CalibrationTraffic::right);
  public final FakeChatClient capable = fake("capable", CalibrationTraffic::right);
  private final String cheapTier;
  private final String capableTier;

  /** Tiers "cheap" and "capable". */
  public CalibrationTraffic() {
    this("cheap", "capable");
  }

  public CalibrationTraffic(String cheapTier, String capableTier) {
    this.cheapTier = cheapTier;
    this.capableTier = capableTier;
  }

  public String cheapTier() {
    return cheapTier;
  }

  public String capableTier() {
    return capableTier;
  }

  /** A cheap backend that answers right except to prompts starting with one of {@code wrongOn}. */
  public static FakeChatClient cheapWrongOn(String... wrongOn) {
    return fake("cheap", r -> List.of(wrongOn).contains(firstWord(r)) ? "Sure! Happy to help." : right(r));
  }

  /**
   * The router: {@code cheap} in the cheap tier, window 50, min samples 10, the rest of the quality
   * settings from {@code quality}, and {@code tierMap} for routes.
   */
  public RoutingChatClient router(FakeChatClient cheap, QualityPolicy.Builder quality,
      UnaryOperator<RoutingChatClient.Builder> tierMap) {
    return tierMap.apply(RoutingChatClient.builder()
        .tiers(cheapTier, capableTier)
        .clock(clock)
        .backend(Backend.builder("cheap").client(cheap).tier(cheapTier)
            .price(Price.perMillionTokens(0.10, 0.40)).build())
        .backend(Backend.builder("capable").client(capable).tier(capableTier)
            .price(Price.perMillionTokens(2.00, 8.00)).build())
        .quality(quality
            .reference(Backend.builder("reference").client(reference).tier(capableTier)
                .price(Price.perMillionTokens(5.00, 15.00)).build())
            .window(50)
            .minSamples(10)
            .build())
        .random(new Random(20260302L))
        .qualityExecutor(Runnable::run))
        .build();
  }

  /** {@code rounds} times each of {@code prompts} (numbered by round), a second apart. */
  public void traffic(RoutingChatClient router, int rounds, String... prompts) {
    for (int i = 0; i < rounds; i++) {
      for (String p : prompts) {
        router.chat(ChatRequest.builder().user(String.format(p, i)).build());
      }
      clock.advance(Duration.ofSeconds(1));
    }
  }

  private static String right(ChatRequest r) {
    return RIGHT.get(firstWord(r));
  }

  private static String firstWord(ChatRequest r) {
    return r.messages().get(0).text().split(" ")[0];
  }

  private static FakeChatClient fake(String name, Function<ChatRequest, String> answers) {
    return FakeChatClient.builder(name).replyWith(answers).usage(Usage.of(400, 100)).build();
  }
}
