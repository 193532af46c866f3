package dev.switchboard.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.classify.RuleBasedClassifier;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.testing.FakeChatClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Names count as keys (issue 15): a category, tier or backend named in a builder that is neither
 * built in nor declared fails with a "did you mean", instead of creating a category that routes
 * nowhere or a route that does nothing. And rules: a service or a tag picks the tier.
 */
class NamesAreCheckedTest {
  private final FakeChatClient local = FakeChatClient.replying("local", "from local");
  private final FakeChatClient cloud = FakeChatClient.replying("cloud", "from cloud");

  private RoutingChatClient.Builder router() {
    return RoutingChatClient.builder().tiers("local", "cloud")
        .backend(Backend.builder("local").client(local).tier("local").build())
        .backend(Backend.builder("cloud").client(cloud).tier("cloud").build());
  }

  @Test
  void aMisspeltCategoryInTheTierMapFailsTheBuildWithADidYouMean() {
    assertThatThrownBy(() -> router().route(TaskCategory.of("summarizaton"), "local").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("route(summarizaton, local): category 'summarizaton' is neither built in nor declared; "
            + "did you mean 'summarization'? (declare a new one with categories(\"summarizaton\"))");
  }

  @Test
  void aNewCategoryRoutesOnceDeclared() {
    assertThatThrownBy(() -> router().route(TaskCategory.of("legal-review"), "cloud").build())
        .hasMessageContaining("category 'legal-review' is neither built in nor declared (declare a new one");
    RoutingChatClient r = router().categories("legal-review").route(TaskCategory.of("legal-review"), "cloud").build();
    assertThat(r.tierFor(TaskCategory.of("legal-review"))).isEqualTo("cloud");
    assertThatThrownBy(() -> router().categories("extraction"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("category 'extraction' is built in; declare only new ones");
  }

  @Test
  void aMisspeltTierSuggestsTheTierMeant() {
    assertThatThrownBy(() -> router().route(TaskCategory.CODE, "clod").build())
        .hasMessage("category code is routed to tier 'clod', which is not one of [local, cloud]; did you mean 'cloud'?");
    assertThatThrownBy(() -> router().backend(Backend.builder("b").client(local).tier("locl").build()).build())
        .hasMessageContaining("backend 'b' is in tier 'locl', which is not one of [local, cloud]; did you mean 'local'?");
  }

  @Test
  void theClassifiersSettingsRefuseAMisspeltCategory() {
    assertThatThrownBy(() -> RuleBasedClassifier.fromConfig(Map.of("phrases.extracton.add", "claim number")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("classifier setting 'phrases.extracton.add' = 'claim number': category 'extracton' is neither "
            + "built in nor declared; did you mean 'extraction'? (declare a new one with the setting categories = extracton)");
    assertThatThrownBy(() -> RuleBasedClassifier.fromConfig(Map.of("min-confidance", "0.5")))
        .hasMessage("classifier setting 'min-confidance' = '0.5': unknown setting; did you mean 'min-confidence'?");
    // Declared, the new category takes phrases.
    RuleBasedClassifier c = RuleBasedClassifier.fromConfig(Map.of("categories", "legal-review",
        "phrases.legal-review.add", "indemnity clause"));
    assertThat(c.classify(ChatRequest.builder().user("Check the indemnity clause in this contract").build()).signals())
        .anyMatch(s -> s.category().equals(TaskCategory.of("legal-review")));
  }

  @Test
  void theClassifiersBuilderRefusesAnUndeclaredCategory() {
    assertThatThrownBy(() -> RuleBasedClassifier.builder().addPhrase(TaskCategory.of("summarizaton"), "tl;dr", 2).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("category 'summarizaton' is neither built in nor declared; did you mean 'summarization'? "
            + "(declare a new one with categories(\"summarizaton\"))");
    assertThat(RuleBasedClassifier.builder().categories("legal-review")
        .addLeadingVerb("indemnify", TaskCategory.of("legal-review")).build()).isNotNull();
  }

  @Test
  void aMisspeltDowngradeTargetSuggestsTheOneMeant() {
    assertThatThrownBy(() -> router().budgets(dev.switchboard.router.budget.BudgetPolicy.builder()
        .downgradeToBackend("locl").build()).build())
        .hasMessage("the budget policy downgrades to backend 'locl', which is not a backend of this router"
            + " [local, cloud]; did you mean 'local'?");
    assertThatThrownBy(() -> router().budgets(dev.switchboard.router.budget.BudgetPolicy.builder()
        .downgradeToTier("lcoal").build()).build())
        .hasMessage("the budget policy downgrades to tier 'lcoal', which is not one of [local, cloud]; did you mean 'local'?");
  }

  @Test
  void aRulePicksTheTierForAServiceOrATagAndSaysSo() {
    RoutingChatClient r = router()
        .rule(RoutingRule.forService("legal").toTier("cloud"))
        .rule(RoutingRule.forTag("bulk").toTier("local"))
        .rule(RoutingRule.forService("support").andTag("vip").toTier("cloud"))
        .build();
    ChatRequest extraction = ChatRequest.builder().user("Extract the dates: 3 May, 4 June").build();
    assertThat(r.explain(extraction).tier()).isEqualTo("local");

    RoutingDecision legal = r.explain(extraction.toBuilder().service("legal").build());
    assertThat(legal.tier()).isEqualTo("cloud");
    assertThat(legal.why()).contains("rule service=legal -> tier cloud");
    assertThat(r.chat(extraction.toBuilder().service("legal").build()).route().backend()).isEqualTo("cloud");

    ChatRequest hard = ChatRequest.builder().user("Prove that there are infinitely many primes.").build();
    assertThat(r.explain(hard).tier()).isEqualTo("cloud");
    assertThat(r.explain(hard.toBuilder().tag("bulk").build()).tier()).isEqualTo("local");
    // Both must match; a request's own tier hint wins over any rule.
    assertThat(r.explain(extraction.toBuilder().service("support").build()).tier()).isEqualTo("local");
    assertThat(r.explain(extraction.toBuilder().service("support").tag("vip").build()).tier()).isEqualTo("cloud");
    assertThat(r.explain(extraction.toBuilder().service("legal").tierHint("local").build()).tier()).isEqualTo("local");
  }

  @Test
  void aRuleNamingAnUnknownTierFailsTheBuild() {
    assertThatThrownBy(() -> router().rule(RoutingRule.forService("legal").toTier("clouds")).build())
        .hasMessage("rule service=legal -> tier clouds names tier 'clouds', which is not one of [local, cloud]; "
            + "did you mean 'cloud'?");
    assertThatThrownBy(() -> RoutingRule.forTag(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a rule's tag must not be blank: ' '");
  }

  @Test
  void aCapForABackendTheRouterDoesNotHaveFailsTheBuild() {
    assertThatThrownBy(() -> router().failover(dev.switchboard.router.failover.FailoverPolicy.builder()
        .bulkhead(b -> b.concurrencyCap("locla", 4)).build()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the failover policy caps backend 'locla', which is not a backend of this router; "
            + "did you mean 'local'?");
  }

  @Test
  void aQualitySettingForAnUndeclaredCategoryFailsTheBuild() {
    Backend reference = Backend.builder("ref").client(FakeChatClient.replying("ref", "x")).tier("cloud").build();
    assertThatThrownBy(() -> router().quality(dev.switchboard.router.quality.QualityPolicy.builder().reference(reference)
        .sampleRate(TaskCategory.of("extracton"), 0.5).build()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("the quality policy's settings for extracton: category 'extracton' is neither built "
            + "in nor declared; did you mean 'extraction'?");
  }
}
