package dev.switchboard.router.classify;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * The word sets and word maps of the rules (verbs, phrases by first word, polite words...), read
 * for every word of every request. Immutable, open addressing on the word's own (cached) hash code:
 * at most a quarter full, each slot keeps its key's hash (with the lowest bit set, so 0 is an empty
 * slot), so a word that is not in the table (most words) is turned away by reading one array of
 * ints, with no {@code String.equals} call.
 */
final class WordTable<V> {
  private final String[] keys;
  private final int[] hashes;
  private final Object[] values;
  private final int shift;
  private final int size;

  private WordTable(Map<String, V> entries) {
    int capacity = 8;
    while (capacity < 4 * entries.size()) {
      capacity *= 2;
    }
    this.keys = new String[capacity];
    this.hashes = new int[capacity];
    this.values = new Object[capacity];
    this.shift = 32 - Integer.numberOfTrailingZeros(capacity);
    this.size = entries.size();
    for (Map.Entry<String, V> e : entries.entrySet()) {
      int h = e.getKey().hashCode();
      int i = slot(h);
      while (keys[i] != null) {
        i = (i + 1) & (capacity - 1);
      }
      keys[i] = e.getKey();
      hashes[i] = h | 1;
      values[i] = Objects.requireNonNull(e.getValue(), "value");
    }
  }

  /** A set of words. */
  static WordTable<Boolean> set(String... words) {
    return set(Arrays.asList(words));
  }

  /** A set of words; a word given twice is there once. */
  static WordTable<Boolean> set(Collection<String> words) {
    Map<String, Boolean> m = new java.util.HashMap<>();
    for (String w : words) {
      m.put(Objects.requireNonNull(w, "word"), Boolean.TRUE);
    }
    return new WordTable<>(m);
  }

  /** A map from words, copied. */
  static <V> WordTable<V> map(Map<String, V> entries) {
    return new WordTable<>(entries);
  }

  private int slot(int hash) {
    return (hash * 0x9E3779B9) >>> shift;
  }

  /** The value of {@code word}, null if it is not in the table. */
  @SuppressWarnings("unchecked")
  V get(String word) {
    int h = word.hashCode();
    int mark = h | 1;
    int mask = hashes.length - 1;
    for (int i = slot(h); ; i = (i + 1) & mask) {
      int at = hashes[i];
      if (at == mark) {
        if (keys[i].equals(word)) {
          return (V) values[i];
        }
      } else if (at == 0) {
        return null;
      }
    }
  }

  boolean contains(String word) {
    return get(word) != null;
  }

  boolean isEmpty() {
    return size == 0;
  }
}
