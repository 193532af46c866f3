package dev.switchboard.router.okhttp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.switchboard.router.okhttp.Providers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** An OkHttp other than 5.x fails at start with where it came from and the fix. */
class OkHttpVersionTest {
  private static final String JAR = "file:/home/dev/.m2/repository/com/squareup/okhttp3/okhttp/4.12.0/okhttp-4.12.0.jar";

  @Test
  void okHttp4FromTheOpenAiSdkIsRefusedWithTheFix() {
    String problem = OkHttpVersion.problem("4.12.0", JAR);

    assertThat(problem)
        .contains("OkHttp 4.12.0", "loaded from " + JAR) // what was found, and where
        .contains("OkHttp 5.x") // what is supported
        .contains("com.squareup.okhttp3:okhttp-bom:5.5.1", "scope import", "<dependencyManagement>") // the fix
        .contains("OpenAI Java SDK");
  }

  @ParameterizedTest
  @ValueSource(strings = {"3.14.9", "4.9.3", "5.0.0-alpha.14", "5.0.0-RC1", "6.0.0", "", "unknown"})
  void everythingButA5xReleaseIsRefused(String version) {
    assertThat(OkHttpVersion.problem(version, JAR)).contains("OkHttp " + version + ", loaded from");
  }

  @Test
  void anOkHttpTooOldToNameItsVersionIsRefused() {
    assertThat(OkHttpVersion.problem(null, "an unknown location"))
        .contains("too old to report its version", "an unknown location", "okhttp-bom");
  }

  @ParameterizedTest
  @ValueSource(strings = {"5.0.0", "5.1.0", "5.5.1", "5.10.2"})
  void every5xReleaseIsAccepted(String version) {
    assertThat(OkHttpVersion.problem(version, JAR)).isNull();
  }

  @Test
  void theOkHttpThisBuildRunsOnPassesAndIsFoundInItsJar() {
    assertThat(OkHttpVersion.running()).startsWith("5.");
    assertThat(OkHttpVersion.origin()).contains("okhttp-jvm").endsWith(".jar");
    assertThatCode(OkHttpVersion::require).doesNotThrowAnyException();
    assertThatCode(() -> Providers.ollama().build()).doesNotThrowAnyException();
  }
}
