package dev.switchboard.router.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One checked map of a config file (the whole file, {@code budgets}, the backend
 * {@code backends.gpt}...): its values already of their type, names checked, environment
 * references resolved. Immutable; two sections are equal when they hold equal values, so a reload
 * can tell what changed. {@link #toString()} never shows a key's value.
 *
 * <p>Values are {@link String}, {@link Integer}, {@link Long}, {@link java.math.BigDecimal},
 * {@link Boolean}, {@link java.time.Duration}, {@link java.nio.file.Path}, a {@link List} or a
 * {@link Map} of those, or a nested {@code Section}; docs/configuration.md gives each key's type.
 */
public final class Section {
  private final String path;
  private final Set<String> allowed; // the keys the schema knows here: asking for another is a bug
  private final Map<String, Object> values;

  Section(String path, Set<String> allowed, Map<String, Object> values) {
    this.path = path;
    this.allowed = Set.copyOf(allowed);
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** Where this section is in the file: {@code ""} for the file, {@code "backends.gpt"}, {@code "rules[0]"}. */
  public String path() {
    return path;
  }

  /** The last key of the path: a backend's or a service's name for the entries of a map. */
  public String name() {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  /** The keys the file sets here, in its order. */
  public Set<String> keys() {
    return values.keySet();
  }

  public boolean has(String key) {
    return values.containsKey(known(key));
  }

  /**
   * The value at {@code key}, when the file sets it.
   *
   * @throws IllegalArgumentException when no such key exists here, or its value is not a {@code type}
   */
  public <T> Optional<T> get(String key, Class<T> type) {
    Object v = values.get(known(key));
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof Secret s && type == String.class) {
      v = s.value();
    }
    if (!type.isInstance(v)) {
      throw new IllegalArgumentException(where(key) + " is a " + v.getClass().getSimpleName() + ", not a "
          + type.getSimpleName());
    }
    return Optional.of(type.cast(v));
  }

  /** The text at {@code key} (a key's value too: it is for building, never for printing). */
  public Optional<String> string(String key) {
    return get(key, String.class);
  }

  public Optional<Section> section(String key) {
    return get(key, Section.class);
  }

  /** The list at {@code key}, empty when the file does not set it. */
  @SuppressWarnings("unchecked")
  public <T> List<T> list(String key, Class<T> type) {
    List<Object> list = get(key, List.class).orElse(List.of());
    list.forEach(type::cast);
    return (List<T>) list;
  }

  /** The map at {@code key} (names to values, in the file's order), empty when the file does not set it. */
  @SuppressWarnings("unchecked")
  public <T> Map<String, T> map(String key, Class<T> type) {
    Map<String, Object> map = get(key, Map.class).orElse(Map.of());
    Map<String, T> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, type.cast(v instanceof Secret s && type == String.class ? s.value() : v)));
    return Collections.unmodifiableMap(out);
  }

  private String known(String key) {
    if (!allowed.contains(key)) {
      throw new IllegalArgumentException(where(key) + " is not a key of this section " + allowed);
    }
    return key;
  }

  private String where(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Section s && s.path.equals(path) && s.values.equals(values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, values);
  }

  /** The values, keys' values shown as {@code ****}. */
  @Override
  public String toString() {
    return values.toString();
  }

  /** A key's value: equal when the values are, never printed. */
  record Secret(String value) {
    @Override
    public String toString() {
      return "****";
    }
  }
}
