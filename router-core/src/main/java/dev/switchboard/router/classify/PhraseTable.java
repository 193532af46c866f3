package dev.switchboard.router.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Phrases (one or more whole words) that point to a category, indexed by their first word so a
 * text is matched in one pass: one hash lookup per word, then a word-by-word comparison of the few
 * phrases that start there. Immutable once built.
 */
final class PhraseTable {
  /** A phrase, its category and weight. */
  public record Phrase(String text, String[] words, TaskCategory category, double weight) {}

  /** A phrase that matched, at a word position. */
  public record Match(Phrase phrase, int at) {}

  /** Arrays, not lists: walked on every word of every request, with no iterator to allocate. */
  private final WordTable<Phrase[]> byFirstWord;

  public PhraseTable(List<Phrase> phrases) {
    Map<String, List<Phrase>> m = new HashMap<>();
    for (Phrase p : phrases) {
      m.computeIfAbsent(p.words()[0], k -> new ArrayList<>()).add(p);
    }
    Map<String, Phrase[]> arrays = new HashMap<>();
    // longest first (a stable sort: phrases of one length stay in their order), so the first that
    // matches is the longest
    m.forEach((k, v) -> {
      v.sort(Comparator.comparingInt((Phrase p) -> p.words().length).reversed());
      arrays.put(k, v.toArray(new Phrase[0]));
    });
    this.byFirstWord = WordTable.map(arrays);
  }

  /** Splits a phrase into words the same way texts are split; null when it holds no word. */
  public static Phrase phrase(String text, TaskCategory category, double weight) {
    Words w = Words.of(text);
    if (w.size() == 0) {
      throw new IllegalArgumentException("a phrase needs at least one word: '" + text + "'");
    }
    String[] words = new String[w.size()];
    for (int i = 0; i < words.length; i++) {
      words[i] = w.get(i);
    }
    return new Phrase(String.join(" ", words), words, category, weight);
  }

  /**
   * Phrase occurrences in {@code words}, longest first and never overlapping: "postal code" is
   * one match, so the "code" inside it does not count on its own. One hash lookup per word.
   */
  public List<Match> matches(Words words) {
    List<Match> out = new ArrayList<>();
    int i = 0;
    while (i < words.size()) {
      Phrase[] candidates = byFirstWord.get(words.get(i));
      int longest = 0;
      if (candidates != null) {
        for (Phrase p : candidates) {
          int length = p.words().length;
          if (length < longest) {
            break; // the rest are shorter
          }
          if (matchesAt(words, i, p.words())) {
            longest = length;
            out.add(new Match(p, i)); // every phrase of the longest length that matches (one text, several categories)
          }
        }
      }
      i += Math.max(1, longest);
    }
    return out;
  }

  private static boolean matchesAt(Words words, int i, String[] phrase) {
    if (i + phrase.length > words.size()) {
      return false;
    }
    for (int k = 1; k < phrase.length; k++) {
      if (!words.get(i + k).equals(phrase[k])) {
        return false;
      }
    }
    return true;
  }
}
