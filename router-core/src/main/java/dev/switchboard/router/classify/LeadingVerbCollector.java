package dev.switchboard.router.classify;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code leading-verb}: a sentence of the instruction that starts with a known verb, after polite
 * words ("Please could you summarise..."), or the clause after an introduction ("From the
 * following posting, pull ..."), or the verb after "and" when the first only says what to look at
 * ("Read this notice and tell me ..."). The strongest verb per category counts.
 */
final class LeadingVerbCollector implements SignalCollector {
  /** Verbs that only say what to look at: the command is the verb after "and" ("Read this and tell me ..."). */
  private static final WordTable<Boolean> READING = WordTable.set("read", "look", "see", "take", "scan", "check", "go");
  private static final WordTable<Boolean> DETERMINERS = WordTable.set("the", "all", "every", "each", "any");
  /** Sentence openers after which the command comes after a comma. */
  private static final WordTable<Boolean> INTRODUCTIONS = WordTable.set("from", "in", "for", "based", "using", "given",
      "with", "after", "reading", "looking", "below", "above", "attached", "without", "no", "don't", "dont", "do",
      "skip", "never", "forget", "ignore", "instead", "rather", "not", "i");

  private final WordTable<TaskCategory> verbs;
  private final WordTable<Boolean> politeWords;

  LeadingVerbCollector(Engine.Settings settings) {
    this.verbs = WordTable.map(settings.leadingVerbs());
    this.politeWords = WordTable.set(settings.politeWords());
  }

  @Override
  public void collect(SegmentedPrompt prompt, Evidence evidence) {
    collect(prompt.instruction(), evidence);
  }

  /** The leading verbs of {@code words}: of the instruction, or of a system prompt or an earlier turn read as one. */
  void collect(Words words, Evidence evidence) {
    // the strongest verb per category, in the order the categories were first found: most texts
    // have none or one, so a map is made only for two or more (see the end)
    TaskCategory[] categories = null;
    Signal[] best = null;
    int found = 0;
    boolean first = true;
    String opener = "";
    boolean reading = READING.contains(opener); // of the sentence's opener, looked up once per sentence
    for (int i = 0; i < words.size(); i++) {
      if (words.startsSentence(i)) {
        opener = words.get(i);
        reading = READING.contains(opener);
      } else if (!(words.followsComma(i) && INTRODUCTIONS.contains(opener))
          && !(reading && words.get(i - 1).equals("and"))) {
        // "From the following posting, pull ...": a command after an introductory phrase counts too, and
        // so does the command after "Read this notice and ..."
        continue;
      }
      int j = i;
      boolean wanting = false;
      while (j < words.size() && politeWords.contains(words.get(j)) && j - i < 6) {
        wanting |= words.get(j).equals("need") || words.get(j).equals("want");
        j++;
      }
      if (j < words.size()) {
        String verb = words.get(j);
        String next = j + 1 < words.size() ? words.get(j + 1) : "";
        TaskCategory c = verbs.get(verb);
        double w = first ? 3.0 : 2.5;
        if (c == null && wanting && DETERMINERS.contains(verb)) {
          verb = "need"; // "I need the monthly rent, the deposit and ...": asking for things, like "give me"
        }
        if (c != null && verb.equals("decide") && (next.equals("whether") || next.equals("if"))) {
          c = TaskCategory.CLASSIFICATION; // "Decide whether this is spam": a yes/no label
        } else if (c != null && (verb.equals("sort") || verb.equals("group")) && !intoBins(words, j + 1)) {
          c = null; // "Sort it by age", "sort out my finances": not putting items into given bins
        } else if (c == null && verb.equals("sum") && Cues.namesText(words, j + 1)) {
          c = TaskCategory.SUMMARIZATION; // "Sum the following article in brief"; "sum these numbers" is maths
        } else if (c == null && Cues.ASKING_VERBS.contains(verb)) {
          c = TaskCategory.EXTRACTION; // "Find the tracking number", "Give me all the emails": weak alone
          w = 1.5;
        }
        if (c != null) {
          int at = 0;
          while (at < found && !categories[at].equals(c)) {
            at++;
          }
          if (at == found) {
            if (best == null || found == best.length) {
              categories = categories == null ? new TaskCategory[4] : Arrays.copyOf(categories, 2 * found);
              best = best == null ? new Signal[4] : Arrays.copyOf(best, 2 * found);
            }
            categories[found] = c;
            best[found++] = SignalName.LEADING_VERB.signal(c, w, verb);
          } else if (best[at].weight() < w) {
            best[at] = SignalName.LEADING_VERB.signal(c, w, verb);
          }
        }
      }
      first = false;
    }
    if (found == 1) {
      evidence.add(best[0]);
    } else if (found > 1) {
      // in the order a HashMap keyed by category gives them, as they always were: the same keys put
      // in the same order make the same map, whose values keep that order
      Map<TaskCategory, Signal> byCategory = new HashMap<>();
      for (int k = 0; k < found; k++) {
        byCategory.put(categories[k], best[k]);
      }
      evidence.addAll(byCategory.values());
    }
  }

  /** "... into travel, food or office", "... under 'urgent' or 'can wait'": bins follow within a few words. */
  private static boolean intoBins(Words w, int from) {
    for (int k = from; k < Math.min(w.size(), from + 8); k++) {
      String t = w.get(k);
      if (t.equals("into") || t.equals("under") || t.equals("as")) {
        return true;
      }
    }
    return false;
  }
}
