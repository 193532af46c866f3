package dev.switchboard.router.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/configuration.md documents every key the schema knows, and no key it does not. */
class ConfigReferenceDocsTest {
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `([^`]+)` \\|");

  static String doc() throws IOException {
    Path fixtures = Path.of(System.getProperty("switchboard.fixtures", "fixtures"));
    return Files.readString(fixtures.resolveSibling("docs").resolve("configuration.md"));
  }

  @Test
  void everyKeyOfTheSchemaHasARowAndEveryRowIsAKey() throws IOException {
    List<String> rows = new ArrayList<>();
    Matcher m = ROW.matcher(doc());
    while (m.find()) {
      rows.add(m.group(1));
    }
    List<String> keys = new ArrayList<>();
    for (String p : Schema.paths()) {
      // a reference backend of its own takes a backend's keys: documented once, under backends
      String ref = "quality.reference.";
      keys.add(p.startsWith(ref) && !p.equals(ref + "name") ? "backends.<name>." + p.substring(ref.length()) : p);
    }
    assertThat(rows).containsAll(keys);
    // the other way round for every row that is a key path (the providers' table names no keys)
    assertThat(keys).containsAll(rows.stream().filter(r -> r.contains(".")).toList());
  }
}
