package dev.switchboard.router.classify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Phrases in Chinese, Japanese or Korean, found inside a run of such characters by substring:
 * these scripts put no spaces between words, so whole-word matching cannot work ("次の文章を要約してください"
 * is one run that holds 要約, "summary"). Indexed by first character; at each position the longest
 * phrase wins and the scan continues after it, so one pass over the run. Only runs of CJK
 * characters are scanned: a Latin text costs nothing here.
 */
final class CjkPhrases {
  private final Map<Character, List<PhraseTable.Phrase>> byFirstChar;

  CjkPhrases(List<PhraseTable.Phrase> phrases) {
    Map<Character, List<PhraseTable.Phrase>> m = new HashMap<>();
    for (PhraseTable.Phrase p : phrases) {
      m.computeIfAbsent(p.text().charAt(0), k -> new ArrayList<>()).add(p);
    }
    m.replaceAll((k, v) -> List.copyOf(v));
    this.byFirstChar = Map.copyOf(m);
  }

  /** Whether a phrase is written in CJK characters (then it is matched here, not word by word). */
  static boolean isCjk(PhraseTable.Phrase p) {
    return p.words().length == 1 && Words.isCjk(p.text().charAt(0));
  }

  boolean isEmpty() {
    return byFirstChar.isEmpty();
  }

  /** Phrase occurrences inside the CJK runs of {@code words}, longest first at each position. */
  List<PhraseTable.Match> matches(Words words) {
    List<PhraseTable.Match> out = null; // allocated at the first match: a Latin text allocates nothing
    for (int i = 0; i < words.size(); i++) {
      if (!words.isCjk(i)) {
        continue;
      }
      String run = words.get(i);
      int at = 0;
      while (at < run.length()) {
        List<PhraseTable.Phrase> candidates = byFirstChar.get(run.charAt(at));
        PhraseTable.Phrase longest = null;
        if (candidates != null) {
          for (PhraseTable.Phrase p : candidates) {
            if ((longest == null || p.text().length() > longest.text().length()) && run.startsWith(p.text(), at)) {
              longest = p;
            }
          }
        }
        if (longest != null) {
          out = out == null ? new ArrayList<>() : out;
          out.add(new PhraseTable.Match(longest, i));
          at += longest.text().length();
        } else {
          at++;
        }
      }
    }
    return out == null ? List.of() : out;
  }
}
