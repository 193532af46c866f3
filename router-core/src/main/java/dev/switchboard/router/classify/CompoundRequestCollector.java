package dev.switchboard.router.classify;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code compound-request}: a cheap task with a harder ask coordinated after it is the harder
 * task: "Extract the action items and propose a timeline", "Translate this and tell me whether the
 * terms favour us", "Classify each transaction, then work out how much I can deduct". Looks at
 * every clause after the first — after "and"/"then" (or und, y, et...), a comma or a new sentence
 * — for a verb that asks for judgement, planning, explanation or a new piece of writing. Verbs
 * that are also nouns ("plan", "design", "estimate", "write") count only when an object follows
 * ("and design the tables", "and write a reply"), so "extract the name and design" is still a list
 * of fields. "Tell me whether ..." is a label when the instruction asks for one ("... whether it's
 * positive or negative"). A question sentence after a cheap command that holds a strong capable
 * phrase is a harder ask too ("Translate this. Is the tone appropriate for a client?"). The
 * decision treats the signal like code rewriting: the cheap category loses. Runs after the
 * leading-verb and phrase collectors, whose findings it reads.
 */
final class CompoundRequestCollector implements SignalCollector {
  private final Set<TaskCategory> cheap;
  private final WordTable<Boolean> politeWords;

  CompoundRequestCollector(Engine.Settings settings) {
    this.cheap = settings.cheapCategories();
    this.politeWords = WordTable.set(settings.politeWords());
  }

  @Override
  public void collect(SegmentedPrompt prompt, Evidence evidence) {
    Words w = prompt.instruction();
    boolean labels = evidence.any(s -> s.category().equals(TaskCategory.CLASSIFICATION)
        && s.weight() >= Vocabulary.STRONG);
    boolean cheapCommand = evidence.any(s -> SignalName.LEADING_VERB.is(s) && cheap.contains(s.category()));
    List<PhraseTable.Match> phrasesSaid = evidence.phrases();
    for (PhraseTable.Match m : phrasesSaid) {
      PhraseTable.Phrase p = m.phrase();
      if (cheapCommand && w.inQuestion(m.at()) && laterSentence(w, m.at()) && p.weight() >= Vocabulary.STRONG
          && !cheap.contains(p.category())) {
        evidence.add(SignalName.COMPOUND_REQUEST.signal(p.category(), 2.5, p.text() + " ...?"));
        return;
      }
    }
    for (int i = 1; i < w.size(); i++) {
      if (!(w.startsSentence(i) || w.followsComma(i) || (prompt.roles(i - 1) & WordRoles.COORDINATING) != 0)) {
        continue;
      }
      int j = i;
      boolean simple = false;
      while (j < w.size() && j - i < 3 && ((prompt.roles(j) & WordRoles.COORDINATING) != 0
          || SIMPLY.contains(w.get(j)) || politeWords.contains(w.get(j)))) {
        simple |= SIMPLY.contains(w.get(j)); // "..., just explain what it says": declared the whole, simple ask
        j++;
      }
      // an item in a list of labels ("feat, fix, refactor, docs") is not an ask
      String after = j + 1 < w.size() ? w.get(j + 1) : "";
      boolean listItem = (j + 1 >= w.size() || w.followsComma(j + 1) || after.equals("or"))
          && !WHETHER.contains(after) && !OBJECT_STARTS.contains(after);
      TaskCategory c = j < w.size() && !simple && !listItem ? harderAsk(w, j, labels) : null;
      if (c != null) {
        evidence.add(SignalName.COMPOUND_REQUEST.signal(c, 2.5, w.get(j)));
        return;
      }
    }
  }

  /** Whether word {@code at} is in a sentence after the first one. */
  private static boolean laterSentence(Words w, int at) {
    for (int k = at; k > 0; k--) {
      if (w.startsSentence(k)) {
        return true;
      }
    }
    return false;
  }

  /** The category of the harder ask that starts at word {@code j}, or null when it is no harder ask. */
  private static TaskCategory harderAsk(Words w, int j, boolean labels) {
    String verb = w.get(j);
    int k = j + 1;
    while (k < w.size() && k - j < 3 && ASKED.contains(w.get(k))) {
      k++; // "tell me", "let me know", "dis-moi", "sag mir"
    }
    String next = k < w.size() ? w.get(k) : "";
    if (TELLING.contains(verb)) {
      if (WHETHER.contains(next) || next.equals("which")) {
        return labels ? null : TaskCategory.REASONING; // "... and tell me whether it's positive or negative" is a label
      }
      return next.equals("how") || next.equals("why") ? TaskCategory.REASONING : null;
    }
    if (CHECKING.contains(verb)) {
      // "and check each one for errors", "then verify that the totals match": checking is judgement
      String object = j + 1 < w.size() ? w.get(j + 1) : "";
      if (WHETHER.contains(object)) {
        return labels ? null : TaskCategory.REASONING;
      }
      return OBJECT_STARTS.contains(object) || object.equals("for") ? TaskCategory.REASONING : null;
    }
    TaskCategory c = HARDER_ASKS.get(verb);
    if (c != null) {
      return verb.equals("decide") && WHETHER.contains(next) ? null : c;
    }
    c = HARDER_ASKS_WITH_OBJECT.get(verb);
    String object = j + 1 < w.size() ? w.get(j + 1) : "";
    if (c == null) {
      return null;
    }
    if (verb.equals("figure") || verb.equals("work") || verb.equals("point")) {
      return object.equals("out") ? c : null;
    }
    if (verb.equals("come")) {
      return object.equals("up") ? c : null;
    }
    if (WRITING.contains(verb)) {
      // writing something new ("write a reply", "draft the dataclasses", "write me 3 ideas"), not
      // putting the result somewhere ("write them as CSV", "write each on its own line")
      // nor a summary of the text ("write a short summary of the dialogue", "write the meta description")
      return object.isEmpty() || NOT_NEW.contains(object) || namesASummary(w, j + 1) ? null : c;
    }
    return OBJECT_STARTS.contains(object) ? c : null;
  }

  /** Whether one of the few words from {@code from} names a summary of the given text. */
  private static boolean namesASummary(Words w, int from) {
    for (int k = from; k < w.size() && k < from + 5; k++) {
      String t = w.get(k);
      if (SUMMARIES.contains(t) || (t.equals("meta") && k + 1 < w.size() && w.get(k + 1).equals("description"))) {
        return true;
      }
    }
    return false;
  }

  private static final WordTable<Boolean> SUMMARIES = WordTable.set("summary", "summaries", "tldr", "recap", "synopsis",
      "abstract", "title", "headline", "subject", "gist");
  private static final WordTable<Boolean> SIMPLY = WordTable.set("just", "only", "simply", "merely");
  private static final WordTable<Boolean> TELLING = WordTable.set("tell", "let", "say", "dime", "dis", "sag", "sage");
  private static final WordTable<Boolean> CHECKING = WordTable.set("check", "verify", "confirm", "validate", "double");
  private static final WordTable<Boolean> ASKED = WordTable.set("me", "us", "know", "moi", "mir", "uns");
  private static final WordTable<Boolean> WHETHER = WordTable.set("whether", "if", "si", "ob");
  private static final WordTable<Boolean> WRITING = WordTable.set("write", "draft", "compose", "create");
  private static final WordTable<Boolean> NOT_NEW = WordTable.set("them", "it", "down", "out", "back", "each", "every",
      "all", "these", "those", "this", "that", "in", "as", "to", "on", "into", "one", "per");
  private static final WordTable<Boolean> OBJECT_STARTS = WordTable.set("the", "a", "an", "this", "that", "these",
      "those", "it", "them", "my", "our", "your", "their", "its", "how", "what", "which", "who", "whether", "if", "why",
      "when", "where", "each", "every", "all", "some", "any");
  private static final WordTable<TaskCategory> HARDER_ASKS;
  private static final WordTable<TaskCategory> HARDER_ASKS_WITH_OBJECT;

  static {
    Map<String, TaskCategory> harder = new HashMap<>();
    Map<String, TaskCategory> withObject = new HashMap<>();
    for (String v : List.of("propose", "suggest", "recommend", "advise", "judge", "argue", "predict", "explain",
        "justify", "evaluate", "assess", "analyse", "analyze", "compare", "prove", "derive", "deduce", "solve",
        "calculate", "compute", "critique", "criticise", "criticize", "prioritise", "prioritize", "improve",
        "diagnose", "weigh", "interpret", "discuss", "decide", "erkläre", "erklären", "bewerte", "beurteile",
        "begründe", "schlage", "explica", "explique", "expliquez", "evalúa", "evalua", "évalue", "évaluez",
        "sugiere", "suggère", "suggérez", "propón", "propon", "proposez", "recomienda", "recommande", "recommandez",
        "analiza", "analysez")) {
      harder.put(v, TaskCategory.REASONING);
    }
    for (String v : List.of("implement", "debug", "refactor", "optimize", "optimise")) {
      harder.put(v, TaskCategory.CODE);
    }
    for (String v : List.of("brainstorm", "imagine", "invent")) {
      harder.put(v, TaskCategory.CREATIVE);
    }
    for (String v : List.of("plan", "schedule", "design", "estimate", "rank", "reason", "figure", "work", "point")) {
      withObject.put(v, TaskCategory.REASONING);
    }
    for (String v : List.of("code", "program", "patch")) {
      withObject.put(v, TaskCategory.CODE);
    }
    for (String v : List.of("write", "draft", "compose", "create", "come", "review")) {
      withObject.put(v, TaskCategory.GENERAL);
    }
    HARDER_ASKS = WordTable.map(harder);
    HARDER_ASKS_WITH_OBJECT = WordTable.map(withObject);
  }
}
