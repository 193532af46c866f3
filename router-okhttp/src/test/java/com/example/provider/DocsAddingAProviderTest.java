package com.example.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.Backend;
import dev.switchboard.router.Price;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.okhttp.Providers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The snippets of docs/backends.md, "Adding a provider": the provider shown is {@link TextGenBackend}
 * as it is compiled and tested here, and the router snippet compiles and builds.
 */
class DocsAddingAProviderTest {
  private static final Path HERE = Path.of("src/test/java/com/example/provider");

  @Test
  void theRouterSnippetBuilds() {
    RoutingChatClient router = RoutingChatClient.builder()
        .tiers("local")
        .backend(Backend.builder("vllm").tier("local").model("llama3")
            .client(Providers.vllm().name("vllm").build())
            .build())
        .backend(Backend.builder("textgen").tier("local").model("tg-small")
            .price(Price.perMillionTokens(0.10, 0.40))
            .client(TextGenBackend.builder("textgen").build())      // key from TEXTGEN_API_KEY
            .build())
        .build();

    assertThat(router.backends()).extracting(Backend::name).containsExactly("vllm", "textgen");
    assertThat(router.backends().get(1).client().toString())
        .isEqualTo("TextGenBackend{textgen, https://api.textgen.example/v1/, key=environment variable TEXTGEN_API_KEY}");
  }

  @Test
  void theSectionShowsTheProviderAndTheRouterAsTheyAreCompiledHere() throws IOException {
    List<String> snippets = javaBlocks(section(Files.readString(Path.of("../docs/backends.md")), "## Adding a provider"));

    assertThat(snippets).hasSize(2);
    String[] importsAndClass = snippets.get(0).split("\n\n", 2); // the source has the class comment between them
    assertThat(importsAndClass[0]).startsWith("import ").doesNotContain("\nimport dev.switchboard.router.okhttp.internal");
    assertThat(importsAndClass[1]).startsWith("public final class TextGenBackend extends HttpBackend {");
    String source = normalized(Files.readString(HERE.resolve("TextGenBackend.java")));
    assertThat(source).as("the provider shown is TextGenBackend.java")
        .contains(normalized(importsAndClass[0]), normalized(importsAndClass[1]))
        .endsWith(normalized(importsAndClass[1]));
    assertThat(normalized(Files.readString(HERE.resolve("DocsAddingAProviderTest.java"))))
        .as("the router shown is theRouterSnippetBuilds'").contains(normalized(snippets.get(1)));
  }

  private static String section(String markdown, String heading) {
    int start = markdown.indexOf("\n" + heading + "\n");
    assertThat(start).as(heading).isNotNegative();
    int end = markdown.indexOf("\n## ", start + heading.length() + 2);
    return markdown.substring(start, end < 0 ? markdown.length() : end);
  }

  private static List<String> javaBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    for (int open = markdown.indexOf("```java\n"); open >= 0; open = markdown.indexOf("```java\n", open + 1)) {
      int from = open + "```java\n".length();
      blocks.add(markdown.substring(from, markdown.indexOf("```", from)));
    }
    return blocks;
  }

  /** Each line without its indentation, blank lines dropped: the docs indent the router less than this class does. */
  private static String normalized(String code) {
    return code.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
  }
}
