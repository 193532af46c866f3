package dev.switchboard.router.classify;

import java.util.Objects;

/**
 * One piece of evidence a classifier found: its name ("leading-verb", "json-schema"...), the
 * category it points to, its weight, and what exactly matched.
 */
public record Signal(String name, TaskCategory category, double weight, String detail) {
  public Signal {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(category, "category");
    detail = detail == null ? "" : detail;
  }

  @Override
  public String toString() {
    return name + "->" + category + "(" + weight + (detail.isEmpty() ? "" : ", " + detail) + ")";
  }
}
