package dev.switchboard.router.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.router.RateLimitedException;
import dev.switchboard.router.RouteInfo;
import dev.switchboard.router.RouterListener;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.budget.BudgetExceededException;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.classify.Classification;
import dev.switchboard.router.classify.TaskCategory;
import dev.switchboard.router.quality.QualityScore;
import dev.switchboard.router.quality.QualityScorer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A config file makes the router it says, in router-core, with fake backends given to the loader. */
class RouterConfigTest {
  private static final String FILE = """
      tiers: [local, cloud]
      categories: [legal-review]
      backends:
        small:
          provider: fake
          tier: local
          concurrency: 2
        big:
          provider: fake
          tier: cloud
          model: big-model
          price: {input: 2.00, output: 8.00, cached-input: 0.50}
          capabilities: [tools, json-output, streaming]
          context-window: 128000
      routes:
        summarization: cloud
        legal-review: cloud
      rules:
        - service: billing
          tier: cloud
      classifier:
        phrases:
          legal-review:
            add: [indemnity clause, {phrase: governing law, weight: 1.0}]
      budgets:
        services:
          capped: {daily: 0}
        at-limit: reject
      cache:
        ttl: 1h
      failover:
        max-retries: 0
        deadline: 30s
      rate-limits:
        limited: {requests: 1, request-period: 1h}
      quality:
        reference: big
        sample-rate: 0
      """;

  private final FakeBackends fakes = new FakeBackends();

  private RouterConfig parse(String yaml) {
    return RouterConfig.loader().backendFactory(fakes).environment(Map.of()).parse(yaml);
  }

  private static ChatRequest user(String text) {
    return ChatRequest.builder().user(text).build();
  }

  @Test
  void everySectionOfTheFileRoutes() {
    try (RoutingChatClient router = RoutingChatClient.builder().config(parse(FILE)).build()) {
      assertThat(router.tiers()).containsExactly("local", "cloud");
      assertThat(router.backends()).extracting(b -> b.name() + "/" + b.tier() + "/" + b.model().orElse("-"))
          .containsExactly("small/local/-", "big/cloud/big-model");
      assertThat(router.backends().get(1).price().cachedInputPerMillion()).isEqualByComparingTo("0.50");
      assertThat(router.backends().get(1).contextWindow()).isEqualTo(128000);
      assertThat(router.tierFor(TaskCategory.SUMMARIZATION)).isEqualTo("cloud");
      assertThat(router.tierFor(TaskCategory.EXTRACTION)).isEqualTo("local");

      // the declared category, its phrase and its route
      var legal = router.explain(user("Check the indemnity clause in this contract for risks"));
      assertThat(legal.category()).isEqualTo(TaskCategory.of("legal-review"));
      assertThat(legal.tier()).isEqualTo("cloud");
      // the rule
      ChatRequest extraction = user("Extract the dates: 3 May, 4 June");
      assertThat(router.explain(extraction).tier()).isEqualTo("local");
      assertThat(router.explain(extraction.toBuilder().service("billing").build()).why())
          .contains("rule service=billing -> tier cloud");
      // the cache
      ChatRequest exact = extraction.toBuilder().temperature(0).build();
      assertThat(router.chat(exact).route().cacheHit()).isFalse();
      assertThat(router.chat(exact).route().cacheHit()).isTrue();
      // the rate limit
      ChatRequest limited = extraction.toBuilder().service("limited").build();
      assertThat(router.chat(limited).route().backend()).isEqualTo("small");
      assertThatThrownBy(() -> router.chat(limited)).isInstanceOf(RateLimitedException.class);
      // the budget: a daily limit of 0 allows only free calls, and rejects the rest
      ChatRequest capped = user("Prove that there are infinitely many primes.").toBuilder().service("capped").build();
      assertThatThrownBy(() -> router.chat(capped)).isInstanceOf(BudgetExceededException.class);
      assertThat(router.chat(extraction.toBuilder().service("capped").build()).route().backend()).isEqualTo("small");
      // the quality loop is on
      assertThat(router.quality().enabled()).isTrue();
    }
  }

  @Test
  void failoverSettingsReachTheRouter() {
    RoutingChatClient router = RoutingChatClient.builder().config(parse(FILE)).build();
    fakes.made.get("small").failNext(1, dev.switchboard.router.FailureKind.SERVER_ERROR);
    RouteInfo route = router.chat(user("Extract the dates: 3 May, 4 June")).route();
    // max-retries 0: the failed backend is not tried again, the next candidate answers
    assertThat(route.backend()).isEqualTo("big");
    assertThat(route.attempts()).hasSize(2);
  }

  @Test
  void codeAddsWhatOnlyCodeCanToWhatTheFileSays() {
    List<RouteInfo> heard = new ArrayList<>();
    RoutingChatClient router = RoutingChatClient.builder()
        .config(parse(FILE))
        .classifier(request -> new Classification(TaskCategory.CODE, 1, List.of(), false))
        .listener(new RouterListener() {
          @Override
          public void onRouted(ChatRequest request, RouteInfo route) {
            heard.add(route);
          }
        })
        .build();
    RouteInfo route = router.chat(user("Extract the dates: 3 May, 4 June")).route();
    assertThat(route.category()).isEqualTo(TaskCategory.CODE);
    assertThat(route.backend()).isEqualTo("big");
    assertThat(heard).containsExactly(route);
  }

  @Test
  void aScorerGivenToTheLoaderCanBeNamedInTheFile() {
    QualityScorer always = (category, request, candidate, reference) -> Optional.of(new QualityScore(1.0, "same"));
    RouterConfig config = RouterConfig.loader().backendFactory(fakes).scorer("always-right", always).parse("""
        tiers: [local, cloud]
        backends:
          small: {provider: fake, tier: local}
          big: {provider: fake, tier: cloud}
        quality:
          reference: big
          scorers: {extraction: always-right}
        """);
    assertThat(RoutingChatClient.builder().config(config).build().quality().enabled()).isTrue();
    assertThatThrownBy(() -> RouterConfig.loader().backendFactory(fakes).parse("""
        tiers: [local]
        backends:
          small: {provider: fake, tier: local}
        quality:
          reference: small
          scorers: {extraction: always-rigth}
        """)).isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactly(
            "quality.scorers.extraction: unknown scorer 'always-rigth' (scorers: token-f1, rouge-l, json-fields, label)"));
  }

  @Test
  void aReferenceBackendOfItsOwnNeedNotBeInATier() {
    RoutingChatClient router = RoutingChatClient.builder().config(parse("""
        tiers: [local, cloud]
        backends:
          small: {provider: fake, tier: local}
          big: {provider: fake, tier: cloud}
        quality:
          reference: {name: judge, provider: fake, model: judge-model, concurrency: 1}
          sample-rate: 1
          threads: 1
          queue: 8
        """)).build();
    assertThat(router.quality().enabled()).isTrue();
    assertThat(router.backends()).extracting(b -> b.name()).containsExactly("small", "big");
    assertThat(fakes.made).containsKey("judge");
    assertThat(router.health().support()).extracting(h -> h.backend()).containsExactly("judge");
    assertThatThrownBy(() -> parse("""
        tiers: [local]
        backends:
          small: {provider: fake, tier: local}
        quality:
          reference: {name: small, provider: fake}
        """)).isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactly(
            "quality.reference.name: 'small' is already one of the backends: name this one otherwise, or write"
                + " reference: small to use that backend"));
    assertThatThrownBy(() -> parse("""
        tiers: [local]
        backends:
          small: {provider: fake, tier: local}
        quality:
          reference: {provider: fake, tier: local}
        """)).isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactly(
            "quality.reference.tier: unknown key (keys here: provider, base-url, name, model,"
                + " price, api-key, headers, timeouts, max-response-bytes, concurrency, capabilities, context-window,"
                + " adapters, stream-usage, azure, anthropic)",
            "quality.reference.name: required but missing; it must be a backend name: 1-64 letters, digits, '_',"
                + " '.', ':' or '-'"));
  }

  @Test
  void environmentReferencesAreResolvedWithDefaultsAndEscapes() {
    RouterConfig c = RouterConfig.loader().backendFactory(fakes)
        .environment(Map.of("CLOUD_TIER", "cloud", "EMPTY", "", "DEADLINE", "45s"))
        .parse("""
            tiers: [local, "${CLOUD_TIER}"]
            backends:
              small: {provider: fake, tier: local, model: "${SMALL_MODEL:-llama3.1:8b}"}
              big: {provider: fake, tier: "${CLOUD_TIER}", model: "${EMPTY:-fallback}-$${NOT_A_REFERENCE}"}
            failover:
              deadline: ${DEADLINE}
            """);
    Map<String, Section> backends = c.root().map("backends", Section.class);
    assertThat(backends.get("small").string("model")).contains("llama3.1:8b");
    assertThat(backends.get("big").string("model")).contains("fallback-${NOT_A_REFERENCE}");
    assertThat(c.root().section("failover").flatMap(f -> f.get("deadline", Duration.class))).contains(Duration.ofSeconds(45));
    assertThat(c.root().list("tiers", String.class)).containsExactly("local", "cloud");
  }

  @Test
  void aBadReferenceOrAnUnsetVariableIsAProblemAtItsKey() {
    assertThatThrownBy(() -> parse("""
        tiers: [local]
        backends:
          small: {provider: fake, tier: local, model: "${MODEL"}
        failover:
          deadline: "${DEADLINE:-30 seconds}"
          cooldown: "${COOLDOWN}"
          jitter: "${1BAD}"
        """)).isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactly(
            "backends.small.model: '${MODEL' is not a reference to an environment variable: write ${NAME} or"
                + " ${NAME:-default}, the name made of letters, digits and '_' (and $${ for a literal ${)",
            "failover.deadline: must be a positive duration (a number and a unit: 250ms, 30s, 5m, 1h, 1d, or several:"
                + " 1h30m; or ISO-8601 such as PT30S), but was the value of \"${DEADLINE:-30 seconds}\"",
            "failover.cooldown: environment variable COOLDOWN is not set; set it, or give a default: ${COOLDOWN:-...}",
            "failover.jitter: '${1BAD}' is not a reference to an environment variable: write ${NAME} or"
                + " ${NAME:-default}, the name made of letters, digits and '_' (and $${ for a literal ${)"));
  }

  @Test
  void everyProblemIsReportedAtOnceInTheOrderFound() {
    assertThatThrownBy(() -> parse("""
        tiers: [local, cloud]
        backends:
          small: {provider: fake, tier: locl, modle: x}
        routes:
          extracton: local
        budgets:
          at-limit: rejct
        failover:
          backoff: {base: 5s, max: 1s}
        cache: {ttl: 0s}
        """)).isInstanceOfSatisfying(InvalidConfigException.class, e -> {
          assertThat(e.problems()).containsExactly(
              "backends.small.modle: unknown key; did you mean 'model'? (keys here: provider, base-url, tier, model,"
                  + " price, api-key, headers, timeouts, max-response-bytes, concurrency, capabilities, context-window,"
                  + " adapters, stream-usage, azure, anthropic)",
              "budgets.at-limit: must be one of downgrade, reject, but was \"rejct\"; did you mean 'reject'?",
              "cache.ttl: must be a positive duration (a number and a unit: 250ms, 30s, 5m, 1h, 1d, or several: 1h30m;"
                  + " or ISO-8601 such as PT30S), but was \"0s\"",
              "backends.small.tier: unknown tier 'locl'; did you mean 'local'? (tiers: local, cloud)",
              "routes.extracton: category 'extracton' is neither built in nor declared; did you mean 'extraction'?"
                  + " (declare a new one under categories)",
              "tiers: tier 'cloud' has no backend; give a backend tier: cloud, or leave the tier out",
              "failover: backoff max PT1S must be greater than its base PT5S");
          assertThat(e.getMessage()).startsWith("config text is invalid (7 problems):\n  backends.small.modle: ");
        });
  }

  @Test
  void aWholeThatDoesNotHoldTogetherIsNamed() {
    assertThatThrownBy(() -> parse("""
        tiers: [local]
        backends:
          small: {provider: fake, tier: local}
        rules:
          - tier: local
        budgets:
          at-limit: reject
          downgrade-to-tier: local
          downgrade-to-backend: small
          ledger: {journal: budget.journal, prefix: "x:"}
        quality:
          reference: small
          window: 10
          min-samples: 20
        rate-limits:
          search: {max-wait: 1s}
        """)).isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactly(
            "rules[0]: a rule needs a service, a tag or both to match",
            "budgets: downgrade-to-tier and downgrade-to-backend are both set; choose one",
            "budgets.downgrade-to-tier: at-limit is reject, so nothing is downgraded; leave it out, or write at-limit: downgrade",
            "budgets.downgrade-to-backend: at-limit is reject, so nothing is downgraded; leave it out, or write at-limit: downgrade",
            "budgets.ledger.prefix: applies to a redis ledger only",
            "rate-limits.search: a rate limit needs a request or a token limit",
            "quality: min samples (20) must not exceed the window (10): no decision could ever be made"));
  }

  @Test
  void whatNoModuleProvidesSaysWhichModuleToAdd() {
    assertThatThrownBy(() -> RouterConfig.loader().environment(Map.of()).parse("""
        tiers: [local]
        backends:
          ollama: {provider: ollama, tier: local}
          vllm: {base-url: "http://localhost:8000/v1", tier: local}
        budgets:
          ledger: {redis: "redis://localhost:6379"}
        """)).isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactly(
            "backends.ollama.provider: no module on the class path makes backends of provider 'ollama': the HTTP"
                + " providers (ollama, vllm, openai, anthropic, openai-compatible...) come with router-okhttp"
                + " (dev.switchboard:router-okhttp); add it as a dependency",
            "backends.vllm: no module on the class path makes backends of provider 'openai-compatible': the HTTP"
                + " providers (ollama, vllm, openai, anthropic, openai-compatible...) come with router-okhttp"
                + " (dev.switchboard:router-okhttp); add it as a dependency",
            "budgets.ledger.redis: no module on the class path makes redis ledgers: they come with router-redis"
                + " (dev.switchboard:router-redis); add it as a dependency"));
  }

  @Test
  void aFactoryChecksItsOwnKeys() {
    assertThatThrownBy(() -> parse("""
        tiers: [local]
        backends:
          small: {provider: fake, tier: local, base-url: "http://localhost:1/v1"}
        """)).isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactly(
            "backends.small.base-url: a fake backend has no URL"));
  }

  @Test
  void aJournalLedgerIsOpenedRelativeToTheFileAndKeepsSpend(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("router.yaml");
    Files.writeString(file, """
        tiers: [local]
        backends:
          small: {provider: fake, tier: local, price: {input: 1, output: 1}}
        budgets:
          ledger: {journal: spend/budget.journal}
        """);
    Files.createDirectories(dir.resolve("spend"));
    RouterConfig config = RouterConfig.loader().backendFactory(fakes).load(file);
    RoutingChatClient router = RoutingChatClient.builder().config(config).build();
    router.chat(user("Extract the dates: 3 May"));
    assertThat(router.spentToday("default")).isGreaterThan(BigDecimal.ZERO);
    assertThat(Files.readString(dir.resolve("spend/budget.journal"))).startsWith("c1 ");
  }

  @Test
  void aJsonFileSaysTheSameAsAYamlFile(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("router.json");
    Files.writeString(json, """
        {"tiers": ["local"], "backends": {"small": {"provider": "fake", "tier": "local", "price": {"input": 2.50, "output": 10}}}}
        """);
    Path yaml = dir.resolve("router.yaml");
    Files.writeString(yaml, """
        tiers: [local]
        backends:
          small:
            provider: fake
            tier: local
            price: {input: 2.50, output: 10}
        """);
    RouterConfig.Loader loader = RouterConfig.loader().backendFactory(fakes);
    assertThat(loader.load(json)).isEqualTo(loader.load(yaml)).hasSameHashCodeAs(loader.load(yaml));
    assertThatThrownBy(() -> loader.load(dir.resolve("missing.yaml"))).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("(the file): cannot be read");
  }

  @Test
  void configsAreEqualWhenTheySayTheSameAndNeverPrintAKey() {
    RouterConfig.Loader loader = RouterConfig.loader().backendFactory(fakes)
        .environment(Map.of("KEY", "sk-live-0123456789"));
    String text = """
        tiers: [local]
        backends:
          small: {provider: fake, tier: local, api-key: "${KEY}"}
        """;
    RouterConfig a = loader.parse(text);
    assertThat(loader.parse(text)).isEqualTo(a);
    assertThat(loader.parse(text.replace("local]", "local]\ncache: {}"))).isNotEqualTo(a);
    assertThat(loader.environment(Map.of("KEY", "sk-other")).parse(text)).isNotEqualTo(a);
    assertThat(a.toString()).contains("api-key=****").doesNotContain("sk-live");
    assertThat(a.root().map("backends", Section.class).get("small").string("api-key")).contains("sk-live-0123456789");
  }

  @Test
  void emptyAndMalformedFilesSaySo() {
    assertThatThrownBy(() -> parse("")).isInstanceOfSatisfying(InvalidConfigException.class,
        e -> assertThat(e.problems()).containsExactly("(the file): is empty; a config needs at least tiers and backends"));
    assertThatThrownBy(() -> parse("- a\n- b\n")).isInstanceOfSatisfying(InvalidConfigException.class,
        e -> assertThat(e.problems()).containsExactly(
            "(the file): must be a map of settings: tiers, backends, ..., but was a list"));
    assertThatThrownBy(() -> parse("tiers: [local]\ntiers: [cloud]\n")).isInstanceOfSatisfying(
        InvalidConfigException.class, e -> assertThat(e.problems()).singleElement().asString()
            .startsWith("(the file): not valid YAML at line 2").contains("Duplicate field 'tiers'"));
  }
}
