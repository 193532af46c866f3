package dev.switchboard.router.classify;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What kind of work a request asks for. The eight built-ins cover most traffic; an application
 * may name its own ({@code TaskCategory.of("legal-review")}), declare it
 * ({@code RoutingChatClient.builder().categories("legal-review")}, and the same on the
 * classifier's builder) and map it to a tier. A builder refuses a category that is neither built
 * in nor declared, so a misspelt one fails at startup instead of routing nowhere.
 */
public final class TaskCategory implements Comparable<TaskCategory> {
  public static final TaskCategory EXTRACTION = new TaskCategory("extraction");
  public static final TaskCategory CLASSIFICATION = new TaskCategory("classification");
  public static final TaskCategory SUMMARIZATION = new TaskCategory("summarization");
  public static final TaskCategory TRANSFORMATION = new TaskCategory("transformation");
  public static final TaskCategory REASONING = new TaskCategory("reasoning");
  public static final TaskCategory CODE = new TaskCategory("code");
  public static final TaskCategory CREATIVE = new TaskCategory("creative");
  public static final TaskCategory GENERAL = new TaskCategory("general");

  private static final List<TaskCategory> BUILT_INS = List.of(EXTRACTION, CLASSIFICATION,
      SUMMARIZATION, TRANSFORMATION, REASONING, CODE, CREATIVE, GENERAL);

  private final String name;

  private TaskCategory(String name) {
    this.name = name;
  }

  /** The category with this name: a built-in when the name is one, otherwise a custom one. */
  public static TaskCategory of(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("category name must not be blank: '" + name + "'");
    }
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (n.equals("summarisation")) {
      n = "summarization";
    }
    for (TaskCategory c : BUILT_INS) {
      if (c.name.equals(n)) {
        return c;
      }
    }
    if (!n.matches("[a-z0-9][a-z0-9_.-]{0,63}")) {
      throw new IllegalArgumentException("category name must be lowercase letters, digits, '_', '.' "
          + "or '-', at most 64 characters: '" + name + "'");
    }
    return new TaskCategory(n);
  }

  /** The eight built-in categories, in a fixed order. */
  public static List<TaskCategory> builtIns() {
    return BUILT_INS;
  }

  public String name() {
    return name;
  }

  public boolean isBuiltIn() {
    return BUILT_INS.contains(this);
  }

  @Override
  public int compareTo(TaskCategory o) {
    int a = BUILT_INS.indexOf(this);
    int b = BUILT_INS.indexOf(o);
    if (a >= 0 && b >= 0) {
      return Integer.compare(a, b);
    }
    if (a >= 0 || b >= 0) {
      return a >= 0 ? -1 : 1;
    }
    return name.compareTo(o.name);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaskCategory c && c.name.equals(name);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(name);
  }

  @Override
  public String toString() {
    return name;
  }
}
