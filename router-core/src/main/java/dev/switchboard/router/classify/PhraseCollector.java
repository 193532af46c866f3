package dev.switchboard.router.classify;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code phrase}: a whole-word phrase of the table in the instruction (CJK phrases: inside a run
 * of those characters), each phrase once, at most {@link #PHRASE_CAP} per category. Not counted:
 * a phrase inside a negated command, a trade-off or judgement reported by the text, a creative
 * noun that names the input. Leaves the phrases that counted, with their positions, in the
 * evidence for the compound-request collector.
 */
final class PhraseCollector implements SignalCollector {
  static final double PHRASE_CAP = 4.0;

  private final PhraseTable phrases;
  private final CjkPhrases cjkPhrases;

  PhraseCollector(Engine.Settings settings) {
    List<PhraseTable.Phrase> words = new ArrayList<>();
    List<PhraseTable.Phrase> cjk = new ArrayList<>();
    for (PhraseTable.Phrase p : settings.phrases()) {
      (CjkPhrases.isCjk(p) ? cjk : words).add(p);
    }
    this.phrases = new PhraseTable(words);
    this.cjkPhrases = new CjkPhrases(cjk);
  }

  @Override
  public void collect(SegmentedPrompt prompt, Evidence evidence) {
    evidence.phrases(collect(prompt.instruction(), evidence));
  }

  /**
   * Adds a signal per phrase of {@code words} that counts (the instruction, or a system prompt or
   * an earlier turn read as one); returns those phrases, with their positions.
   */
  List<PhraseTable.Match> collect(Words words, Evidence evidence) {
    List<PhraseTable.Match> counted = new ArrayList<>();
    PhraseTally tally = new PhraseTally();
    List<PhraseTable.Match> matches = phrases.matches(words);
    if (!cjkPhrases.isEmpty()) {
      matches.addAll(cjkPhrases.matches(words));
    }
    boolean[] negated = negated(words);
    for (PhraseTable.Match m : matches) {
      PhraseTable.Phrase p = m.phrase();
      if ((negated != null && negated[m.at()]) || reported(words, m) || namesTheInput(words, m)
          || !tally.firstTime(p.text())) {
        continue;
      }
      double room = PHRASE_CAP - tally.total(p.category());
      if (room <= 0) {
        continue;
      }
      double w = Math.min(room, JUDGEMENT_NOUNS.contains(p.text()) && m.at() > 0 && SEARCHING.contains(words.get(m.at() - 1))
          ? Vocabulary.RECOMMENDATION : p.weight());
      tally.add(p.category(), w);
      evidence.add(SignalName.PHRASE.signal(p.category(), w, p.text()));
      counted.add(m);
    }
    return counted;
  }

  /**
   * Which words sit inside a negated command, or null when there is none: "Don't evaluate the
   * design, just give me the gist", "Without explaining why, label ...", "I don't want your
   * opinion, just ...", "Skip the critique, ...". A negated clause opens a sentence or follows a
   * comma and runs to the next comma, sentence, "and", or "just"/"only"/"but"; its words are not
   * evidence. "Don't just summarise it" negates nothing (see the phrase "don't just").
   */
  private static boolean[] negated(Words w) {
    boolean[] out = null;
    for (int i = 0; i < w.size(); i++) {
      if (!(w.startsSentence(i) || w.followsComma(i))) {
        continue;
      }
      int j = i;
      boolean subject = j < w.size() && (w.get(j).equals("i") || w.get(j).equals("we"));
      if (subject || (j < w.size() && w.get(j).equals("please"))) {
        j++;
      }
      int k = j + negatorLength(w, j);
      if (k == j || (k < w.size() && SCOPE_ENDS.contains(w.get(k)))) {
        continue;
      }
      if (subject && !(k < w.size() && (w.get(k).equals("want") || w.get(k).equals("need")))) {
        continue; // "I don't want your opinion" is a negated request; "I don't know why" is not
      }
      for (; k < w.size() && !w.startsSentence(k) && !w.followsComma(k) && !SCOPE_ENDS.contains(w.get(k)); k++) {
        if (out == null) {
          out = new boolean[w.size()];
        }
        out[k] = true;
      }
    }
    return out;
  }

  /** How many words at {@code j} say "do not": "don't", "do not", "no need to", "without", "skip"...; 0 if none. */
  private static int negatorLength(Words w, int j) {
    if (j >= w.size()) {
      return 0;
    }
    String a = w.get(j);
    String b = j + 1 < w.size() ? w.get(j + 1) : "";
    if ((a.equals("do") && b.equals("not")) || (a.equals("never") && b.equals("mind"))
        || (a.equals("instead") && b.equals("of")) || (a.equals("rather") && b.equals("than"))) {
      return 2;
    }
    return NEGATORS.contains(a) ? 1 : 0;
  }

  private static final WordTable<Boolean> NEGATORS = WordTable.set("don't", "dont", "never", "no", "without", "skip",
      "forget", "not", "ignore");
  private static final WordTable<Boolean> SCOPE_ENDS = WordTable.set("just", "only", "simply", "merely", "but", "and",
      "instead");

  /**
   * "Summarise the pros and cons mentioned in these reviews", "List the risks the author raises",
   * "Would the reviewer recommend it?": trade-offs, risks and recommendations reported by a text
   * are a summary of it or a label, not a judgement asked of the model. Such a phrase (a trade-off,
   * a judgement noun, a recommendation) followed within a few words by a word that attributes it to
   * a text, or with a third person just before it, does not count, nor does a trade-off that a
   * summary is asked of ("a short summary of the main pros and cons"); "the pros and cons of
   * leasing", "what would you recommend" still do (and a summary with nothing given is capable anyway).
   */
  private static boolean reported(Words w, PhraseTable.Match m) {
    String p = m.phrase().text();
    boolean recommendation = m.phrase().weight() >= Vocabulary.RECOMMENDATION;
    boolean judgement = JUDGEMENT_NOUNS.contains(p);
    if (!TRADE_OFFS.contains(p) && !recommendation && !judgement) {
      return false;
    }
    int after = m.at() + m.phrase().words().length;
    if (judgement && after < w.size() && NOUN_HEADS.contains(w.get(after))) {
      return true; // "the liability cap", "the risks section": a field or a part of the text
    }
    for (int k = Math.max(0, m.at() - 4); k < m.at(); k++) {
      if ((k >= m.at() - 2 && THIRD_PERSON.contains(w.get(k))) || (TRADE_OFFS.contains(p) && SUMMING.contains(w.get(k)))) {
        return true; // "would they recommend", "a short summary of the main pros and cons"
      }
    }
    int from = m.at() + m.phrase().words().length;
    for (int k = from; k < Math.min(w.size(), from + 6); k++) {
      if (ATTRIBUTIONS.contains(w.get(k))) {
        return true;
      }
    }
    return false;
  }

  /**
   * "What is the mood of this poem?", "Summarise my story": a creative noun after "this", "these",
   * "the following" or "my" names the input, not the task.
   */
  private static boolean namesTheInput(Words w, PhraseTable.Match m) {
    return m.phrase().category().equals(TaskCategory.CREATIVE) && m.at() > 0
        && Cues.INPUT_REFERENCES.contains(w.get(m.at() - 1));
  }

  private static final WordTable<Boolean> THIRD_PERSON = WordTable.set("they", "he", "she", "reviewer", "reviewers",
      "customer", "customers", "author", "authors", "writer", "user", "users", "report", "article", "text");
  private static final WordTable<Boolean> JUDGEMENT_NOUNS = WordTable.set("risks", "fallacy", "fallacies", "loophole",
      "loopholes", "weaknesses", "inconsistencies", "red flags", "liability", "liabilities", "assumption",
      "assumptions");
  /** Words in front of a judgement noun that make it a search: "any risks", "the logical fallacy". */
  private static final WordTable<Boolean> SEARCHING = WordTable.set("any", "all", "potential", "possible", "hidden",
      "main", "biggest", "major", "key", "logical", "legal", "obvious", "every");
  private static final WordTable<Boolean> NOUN_HEADS = WordTable.set("cap", "caps", "limit", "limits", "clause",
      "clauses", "section", "insurance", "level", "levels", "score", "rating", "register", "class", "category",
      "amount");
  private static final WordTable<Boolean> SUMMING = WordTable.set("summary", "summarise", "summarize", "recap",
      "overview", "gist", "sum");
  private static final WordTable<Boolean> TRADE_OFFS = WordTable.set("pros and cons", "trade off", "trade offs",
      "tradeoff", "tradeoffs", "advantages and disadvantages", "strengths and weaknesses", "benefits and drawbacks");
  private static final WordTable<Boolean> ATTRIBUTIONS = WordTable.set("mentioned", "given", "gives", "listed",
      "discussed", "raised", "raises", "described", "stated", "cited", "expressed", "noted", "named", "reported",
      "identified", "author", "authors", "reviewer", "reviewers", "writer", "text", "article", "paragraph", "review",
      "reviews", "passage", "thread", "document", "email", "transcript", "comments", "feedback", "report", "minutes",
      "notes");
}
