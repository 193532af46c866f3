package dev.switchboard.router;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds the recorded provider fixtures (the repository's fixtures/ folder). */
public final class Fixtures {
  private Fixtures() {}

  public static Path root() {
    String prop = System.getProperty("switchboard.fixtures");
    if (prop != null && Files.isDirectory(Path.of(prop))) {
      return Path.of(prop);
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("fixtures");
      if (Files.isRegularFile(candidate.resolve("INDEX.md"))) {
        return candidate;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("fixtures/ not found; set -Dswitchboard.fixtures");
  }

  public static String read(String relative) {
    try {
      return Files.readString(root().resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<Path> all() {
    try (Stream<Path> s = Files.walk(root())) {
      return s.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JSON body of a documented curl request ({@code -d '...'}). */
  public static String curlBody(String curl) {
    int start = curl.indexOf("-d '");
    if (start < 0) {
      return null;
    }
    int end = curl.lastIndexOf('\'');
    return curl.substring(start + 4, end);
  }

  /** The data lines of an SSE file, without the "data: " prefix and without [DONE]. */
  public static List<String> sseData(String sse) {
    return sse.lines()
        .filter(l -> l.startsWith("data:"))
        .map(l -> l.substring(5).trim())
        .filter(l -> !l.equals("[DONE]"))
        .toList();
  }
}
