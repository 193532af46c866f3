package dev.switchboard.router.okhttp.internal;

import java.net.URL;
import java.security.CodeSource;

/**
 * Fails fast, with the fix, when the OkHttp on the class path is not one router-okhttp supports.
 * The usual cause is the OpenAI Java SDK, which asks for OkHttp 4.12: without the OkHttp BOM, Maven
 * can put OkHttp 4 ahead of OkHttp 5 and the router would otherwise fail later, at random, with a
 * {@code NoSuchMethodError}.
 */
public final class OkHttpVersion {
  /** What we build and test with; any 5.x release works. */
  static final String SUPPORTED = "OkHttp 5.x (5.0.0 or later, below 6; built and tested with 5.5.1)";

  private static final String PROBLEM = problem(running(), origin());

  private OkHttpVersion() {}

  /** Throws when the OkHttp this process loaded is unsupported; cheap after the first call. */
  public static void require() {
    if (PROBLEM != null) {
      throw new IllegalStateException(PROBLEM);
    }
  }

  /**
   * What is wrong with OkHttp {@code version} loaded from {@code origin}, or null when it is
   * supported. A 5.0.0 pre-release (alpha, RC) is not a 5.x release.
   */
  static String problem(String version, String origin) {
    if (version != null && version.startsWith("5.") && !version.startsWith("5.0.0-")) {
      return null;
    }
    return "router-okhttp needs " + SUPPORTED + ", but the class path has OkHttp "
        + (version == null ? "too old to report its version" : version) + ", loaded from " + origin
        + ". Another dependency brought it in (the OpenAI Java SDK asks for OkHttp 4.12). Fix: import"
        + " com.squareup.okhttp3:okhttp-bom:5.5.1 (type pom, scope import) in <dependencyManagement> (Gradle:"
        + " implementation(platform(\"com.squareup.okhttp3:okhttp-bom:5.5.1\"))) so that every OkHttp artifact is"
        + " 5.x; see 'Using with the OpenAI Java SDK' in docs/backends.md.";
  }

  /** The version of the OkHttp that was loaded, or null when it is too old to say ({@code okhttp3.OkHttp} is missing). */
  static String running() {
    try {
      // Read reflectively: in OkHttp 4 VERSION is a compile-time constant javac would inline.
      return String.valueOf(Class.forName("okhttp3.OkHttp").getField("VERSION").get(null));
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }

  /** Where the OkHttp classes came from: the jar, when the class loader says. */
  static String origin() {
    try {
      CodeSource source = Class.forName("okhttp3.OkHttpClient").getProtectionDomain().getCodeSource();
      URL location = source == null ? null : source.getLocation();
      return location == null ? "an unknown location" : location.toString();
    } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
      return "an unknown location";
    }
  }
}
