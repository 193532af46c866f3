package dev.switchboard.router.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One reading of a file against the {@link Schema}: resolves {@code ${VAR}} and
 * {@code ${VAR:-default}} in values, collects every problem, and the names to check once the
 * whole file is read. What a problem shows of a value: what the file says, never what came from
 * the environment, never a key.
 */
final class Reading {
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** A problem at a key path. */
  record Problem(String path, String message) {
    @Override
    public String toString() {
      return (path.isEmpty() ? "(the file)" : path) + ": " + message;
    }

    /** Whether this problem is at {@code section} or inside it. */
    boolean within(String section) {
      return path.equals(section) || path.startsWith(section + ".") || path.startsWith(section + "[");
    }
  }

  /**
   * A name used at {@code path} that must be one the file (or a module) defines; {@code shown} is
   * how an error may show it: quoted, or as its reference when it came from the environment.
   */
  record Reference(String path, Schema.Name name, String value, String shown, boolean fromEnvironment) {}

  /** A scalar as read: its text with references resolved, and how an error may show it. */
  record Value(String text, String shown, boolean fromEnvironment) {}

  private final Function<String, String> environment;
  private final Path baseDir;
  private final List<Problem> problems = new ArrayList<>();
  private final List<Reference> references = new ArrayList<>();

  Reading(Function<String, String> environment, Path baseDir) {
    this.environment = environment;
    this.baseDir = baseDir;
  }

  Path baseDir() {
    return baseDir;
  }

  List<Problem> problems() {
    return problems;
  }

  List<Reference> references() {
    return references;
  }

  void problem(String path, String message) {
    problems.add(new Problem(path, message));
  }

  void wrong(String path, Schema.Type type, String shown, String hint) {
    problem(path, "must be " + type.allowed() + ", but was " + shown + hint);
  }

  void refer(String path, Schema.Name name, Value value) {
    references.add(new Reference(path, name, value.text(),
        value.fromEnvironment() ? value.shown() : "'" + value.text() + "'", value.fromEnvironment()));
  }

  /** A key written with no value ({@code cache:}): an empty map where a map goes, a problem elsewhere. */
  Object empty(String path, Schema.Type type) {
    if (type instanceof Schema.Obj) {
      return type.read(JsonNodeFactory.instance.objectNode(), path, this);
    }
    problem(path, "has no value; write one, or leave the key out");
    return null;
  }

  /** The scalar at {@code path}, references resolved; null after a problem (an unset variable...). */
  Value scalar(JsonNode node, String path, boolean secret) {
    if (!node.isTextual()) {
      String text = node.isBigDecimal() ? node.decimalValue().toPlainString() : node.asText();
      return new Value(text, secret ? "a key (not shown)" : text, false);
    }
    String raw = node.textValue();
    StringBuilder out = new StringBuilder();
    boolean resolved = false;
    boolean failed = false;
    int i = 0;
    while (i < raw.length()) {
      if (raw.startsWith("$${", i)) { // "$${" writes a literal "${"
        out.append("${");
        i += 3;
      } else if (raw.startsWith("${", i)) {
        int end = raw.indexOf('}', i + 2);
        String ref = end < 0 ? raw.substring(i + 2) : raw.substring(i + 2, end);
        int sep = ref.indexOf(":-");
        String name = sep < 0 ? ref : ref.substring(0, sep);
        if (end < 0 || !VARIABLE.matcher(name).matches()) {
          problem(path, (secret ? "a reference" : "'${" + ref + (end < 0 ? "" : "}") + "'")
              + " is not a reference to an environment variable: write ${NAME} or ${NAME:-default}, the name"
              + " made of letters, digits and '_' (and $${ for a literal ${)");
          return null;
        }
        String value = environment.apply(name);
        if (sep >= 0 && (value == null || value.isEmpty())) {
          value = ref.substring(sep + 2);
        }
        if (value == null) {
          problem(path, "environment variable " + name + " is not set; set it, or give a default: ${" + name
              + ":-...}");
          failed = true;
        } else {
          out.append(value);
        }
        resolved = true;
        i = end + 1;
      } else {
        out.append(raw.charAt(i++));
      }
    }
    if (failed) {
      return null;
    }
    String text = out.toString();
    String shown = secret ? (text.isEmpty() ? "empty" : "a key (not shown)")
        : resolved ? "the value of " + quote(raw) + (text.isEmpty() ? ", which is empty" : "")
        : quote(raw);
    return new Value(text, shown, resolved);
  }

  /** What kind of node this is, for "must be ..., but was a string": never its value. */
  static String kind(JsonNode node) {
    return node.isArray() ? "a list" : node.isObject() ? "a map" : node.isTextual() ? "a string"
        : node.isNumber() ? "a number" : node.isBoolean() ? "true or false" : "empty";
  }

  static String quote(String s) {
    return "\"" + s + "\"";
  }
}
