package dev.switchboard.router.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.config.InvalidConfigException;
import dev.switchboard.router.config.RouterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per kind of mistake a config file can hold (issue 15), each asserting its exact
 * message, with the real providers of router-okhttp on the class path; and that no error ever
 * shows a key's value. Nothing here calls a backend.
 */
class ConfigFileErrorsTest {
  private static final String KEY = "sk-live-THIS-MUST-NEVER-BE-PRINTED-4242";

  /** A file that is right, to be broken one line at a time. */
  private static final String GOOD = """
      tiers: [local, cloud]
      backends:
        ollama:
          provider: ollama
          model: llama3.1:8b
          tier: local
        gpt:
          provider: openai
          api-key: ${OPENAI_API_KEY}
          model: gpt-4.1
          tier: cloud
          price: {input: 2.00, output: 8.00}
      failover:
        cooldown: 30s
      """;

  private static RouterConfig.Loader loader() {
    return RouterConfig.loader().environment(Map.of("OPENAI_API_KEY", KEY));
  }

  private static List<String> problems(String yaml) {
    InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> loader().parse(yaml));
    assertThat(e).as("the file should have been refused").isNotNull();
    assertThat(e.getMessage()).doesNotContain(KEY);
    return e.problems();
  }

  @Test
  void theGoodFileLoads() {
    assertThat(RoutingChatClient.builder().config(loader().parse(GOOD)).build().backends()).hasSize(2);
  }

  @Test
  void anUnknownKey() {
    assertThat(problems(GOOD.replace("model: gpt-4.1", "modle: gpt-4.1"))).containsExactly(
        "backends.gpt.modle: unknown key; did you mean 'model'? (keys here: provider, base-url, tier, model, price,"
            + " api-key, headers, timeouts, max-response-bytes, concurrency, capabilities, context-window, adapters,"
            + " stream-usage, azure, anthropic)");
  }

  @Test
  void aWrongType() {
    assertThat(problems(GOOD.replace("tiers: [local, cloud]", "tiers: local"))).containsExactly(
        "tiers: must be a list of tier names, cheapest first, but was a string");
  }

  @Test
  void aMissingRequiredKey() {
    assertThat(problems(GOOD.replace("    tier: cloud\n", ""))).containsExactly(
        "backends.gpt.tier: required but missing; it must be a tier named in tiers",
        "tiers: tier 'cloud' has no backend; give a backend tier: cloud, or leave the tier out");
  }

  @Test
  void anUnknownProvider() {
    assertThat(problems(GOOD.replace("provider: openai", "provider: opnai"))).containsExactly(
        "backends.gpt.provider: unknown provider 'opnai'; did you mean 'openai'? (providers: anthropic, azure-openai,"
            + " deepseek, fireworks, gemini, groq, llamacpp, mistral, ollama, openai, openai-compatible, openrouter,"
            + " together, vllm)");
  }

  @Test
  void aTierMapNamingAnUnknownTier() {
    assertThat(problems(GOOD + "routes:\n  summarization: clod\n")).containsExactly(
        "routes.summarization: unknown tier 'clod'; did you mean 'cloud'? (tiers: local, cloud)");
  }

  @Test
  void aBadDuration() {
    assertThat(problems(GOOD.replace("cooldown: 30s", "cooldown: 30 secs"))).containsExactly(
        "failover.cooldown: must be a positive duration (a number and a unit: 250ms, 30s, 5m, 1h, 1d, or several:"
            + " 1h30m; or ISO-8601 such as PT30S), but was \"30 secs\"");
  }

  @Test
  void aBadPrice() {
    assertThat(problems(GOOD.replace("input: 2.00", "input: -2.00"))).containsExactly(
        "backends.gpt.price.input: must be a non-negative number of dollars per million tokens (such as 2.50),"
            + " but was -2.00");
  }

  @Test
  void anUnsetEnvironmentVariable() {
    InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
        () -> RouterConfig.loader().environment(Map.of()).parse(GOOD));
    assertThat(e.problems()).containsExactly(
        "backends.gpt.api-key: environment variable OPENAI_API_KEY is not set; set it, or give a default:"
            + " ${OPENAI_API_KEY:-...}");
    assertThat(e.getMessage()).isEqualTo("config text is invalid (1 problem):\n  " + e.problems().get(0));
  }

  @Test
  void aFileNamesItselfAndWhatItsProviderNeeds(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("router.yaml");
    Files.writeString(file, GOOD.replace("provider: ollama", "provider: openai-compatible")
        .replace("failover:", "  azure-gpt:\n    provider: azure-openai\n    tier: cloud\nfailover:"));
    assertThatThrownBy(() -> loader().load(file)).isInstanceOfSatisfying(InvalidConfigException.class, e -> {
      assertThat(e.source()).isEqualTo(file.toString());
      assertThat(e.problems()).containsExactly(
          "backends.ollama.base-url: required but missing; a backend of provider openai-compatible (or of no"
              + " provider) is the server at its base URL, such as http://localhost:8000/v1",
          "backends.azure-gpt.azure: required but missing; provider azure-openai needs the resource, the deployment"
              + " and the api-version");
    });
  }

  @Test
  void aKeyIsNeverShownWhereverItIsWritten() {
    String[] mistakes = {
        // a misspelt key holding the key
        GOOD.replace("api-key: ${OPENAI_API_KEY}", "apikey: " + KEY),
        // the key where another type goes, and as a header
        GOOD.replace("api-key: ${OPENAI_API_KEY}", "api-key: [" + KEY + "]"),
        GOOD.replace("api-key: ${OPENAI_API_KEY}", "headers: {Authorization: \"Bearer " + KEY + "\"}"),
        GOOD.replace("api-key: ${OPENAI_API_KEY}", "headers: " + KEY),
        // a value from the environment in the wrong place
        GOOD.replace("cooldown: 30s", "cooldown: ${OPENAI_API_KEY}"),
        GOOD.replace("tier: local", "tier: ${OPENAI_API_KEY}"),
        // an unclosed reference with the key as its default
        GOOD.replace("api-key: ${OPENAI_API_KEY}", "api-key: \"${OPENAI_API_KEY:-" + KEY + "\""),
        // not valid YAML around the key, and not valid JSON
        GOOD.replace("api-key: ${OPENAI_API_KEY}", "api-key: " + KEY + ": [oops"),
        GOOD.replace("api-key: ${OPENAI_API_KEY}", "api-key: '" + KEY),
        GOOD.replace("api-key: ${OPENAI_API_KEY}", "api-key: " + KEY + "\n   model: indented wrongly"),
        "{\"tiers\": [\"local\"], \"backends\": {\"gpt\": {\"api-key\": " + KEY + "}}}",
    };
    for (String yaml : mistakes) {
      InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> loader().parse(yaml));
      assertThat(e).as(yaml).isNotNull();
      assertThat(e.getMessage()).as(yaml).doesNotContain(KEY).doesNotContain("THIS-MUST-NEVER");
      assertThat(e.problems()).as(yaml).noneMatch(p -> p.contains("MUST-NEVER"));
    }
  }
}
