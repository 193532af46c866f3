package dev.switchboard.router.internal.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.Backend;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatMessage;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.chat.Choice;
import dev.switchboard.router.Price;
import dev.switchboard.router.chat.Usage;
import dev.switchboard.router.testing.FakeChatClient;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountantTest {
  private final Backend gpt = Backend.builder("gpt").client(FakeChatClient.replying("gpt", "x")).model("m").tier("cheap")
      .price(Price.perMillionTokens(2.00, 8.00).withBatchDiscount(0.5)).build();
  private final ChatRequest request = ChatRequest.builder().user("Summarise this.").build();

  @Test
  void chargesReportedUsageAndRecordsItAgainstTheService() {
    List<String> recorded = new ArrayList<>();
    Accountant accountant = new Accountant((service, backend, kind, charge) ->
        recorded.add(service + "/" + backend.name() + "/" + kind + "/" + charge.cost().toPlainString()));

    Accountant.Charge charge = accountant.charge("billing", gpt, request,
        ChatResponse.of("ok", Usage.of(1_000_000, 500_000)), Accountant.ChargeKind.ANSWER);

    assertThat(charge.estimated()).isFalse();
    assertThat(charge.cost()).isEqualByComparingTo(new BigDecimal("6.00"));
    assertThat(recorded).singleElement().asString().startsWith("billing/gpt/ANSWER/6");
  }

  @Test
  void batchLinesAreChargedAtTheDiscountAndMissingUsageIsMarkedEstimated() {
    Accountant accountant = new Accountant();

    Accountant.Charge batch = accountant.charge("etl", gpt, request,
        ChatResponse.of("ok", Usage.of(1_000_000, 0)), Accountant.ChargeKind.BATCH);
    Accountant.Charge estimated = accountant.charge("etl", gpt, request,
        ChatResponse.builder().choice(Choice.of(0, ChatMessage.assistant("a short answer"), "stop")).build(), Accountant.ChargeKind.ANSWER);

    assertThat(batch.cost()).isEqualByComparingTo(new BigDecimal("1.00"));
    assertThat(estimated.estimated()).isTrue();
    assertThat(estimated.usage().promptTokens()).isPositive();
    assertThat(estimated.cost()).isPositive();
  }
}
