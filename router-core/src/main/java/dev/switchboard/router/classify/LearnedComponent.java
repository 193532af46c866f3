package dev.switchboard.router.classify;

import dev.switchboard.router.chat.ChatMessage;
import dev.switchboard.router.chat.ChatRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The learned half of the default classifier: where the rules are unsure, a linear model over
 * n-grams of the instruction ({@link NgramModel}) may move the answer from general to a cheap
 * category. Where the rules said general <em>and</em> found no evidence for a capable category, it
 * needs a probability at least the model's threshold (chosen on held-out data when the model was
 * trained). Where the rules lean capable on single words alone (a phrase, a leading verb, a number,
 * several questions, a code-like word: cues the model reads better, having learned them from many
 * writers), it overrules them only when it is nearly sure (p(cheap) at least the overrule, 0.90 by
 * default). It never argues with what a rule found in the request's shape or the application's
 * settings: a computation, code work, a harder second ask, a creative form, pasted code or a stack
 * trace, tools, a follow-up, a task set by the system prompt, min-confidence, or a word the
 * application added itself. The other way it has a veto: a cheap answer that rests on nothing but a
 * question about the pasted text ("which plan is cheaper over 12 months?", "is anything in these
 * terms unusual?"), the rules' weakest way to a cheap answer, goes to general when the model is
 * nearly sure the question is capable work (below 0.05 by default); and, when the application asks
 * for it ({@code model-veto-any}), any cheap answer goes there when the model is all but certain.
 * It reads the instruction with the start of the system prompt, and also, alone, a short paragraph
 * closing a long text and (where the rules found nothing either way) the system prompt's start: the
 * reading that leans cheaper counts. Every decision it takes part in carries {@code model} signals
 * naming the n-grams that weighed most, and which reading they come from.
 */
final class LearnedComponent {
  static final String RESOURCE = "/dev/switchboard/router/classify/model.bin";
  /** How much of the system prompt the model reads: its first sentence or two, where applications state the task. */
  static final int SYSTEM_CHARS = 100;
  static final int EXPLAINED_FEATURES = 3;
  /** Of a long instruction, the model reads the end too: this many characters. */
  static final int TAIL_CHARS = 120;
  /**
   * A closing paragraph of at most this many characters, after a blank line and {@link #CLOSING_AFTER}
   * characters of text, is read alone as well: it is often the ask, written after the material.
   */
  static final int CLOSING_CHARS = 200;
  /**
   * At or above this p(cheap), the start of the system prompts read alone counts (when it leans
   * cheaper than the other readings): an application stating cheap work whatever the user turn holds.
   * Kept high because a user may ask the application for more than its task; on the training run's
   * held-out lines 0.95 captured 14 more savings and sent no more capable prompts cheap.
   */
  static final double SYSTEM_ALONE = 0.95;
  /** How much text must come before a closing paragraph for the model to read it alone too. */
  static final int CLOSING_AFTER = 300;
  /** A last user turn of fewer words than this after an assistant turn is a follow-up the model does not judge. */
  static final int FOLLOW_UP_WORDS = 5;
  /**
   * Below this p(cheap), a cheap answer resting on a question about the text alone goes to general.
   * Chosen on the training run's held-out lines (6 capable prompts kept off the cheap tier for 1
   * cheap one lost; 0.10 lost 3 for 7); on blind3 to blind10 it keeps 15 off for 4 lost
   * (docs/classifier.md).
   */
  static final double DEFAULT_VETO = 0.05;
  /**
   * Below this p(cheap), any cheap answer of the rules goes to general; 0, off, by default. On the
   * training run's held-out lines 0.01 keeps 22 capable prompts off the cheap tier for 1 cheap one
   * lost, and on the fifteen read evaluation sets 15 for 7; but on blind16, which nobody has read, it
   * kept none of the nine off and lost one, and it costs a model score on every cheap answer (about
   * 3 µs on a 2 KB summary request). So it is an application's choice (docs/classifier.md, "Figures").
   */
  static final double DEFAULT_VETO_ANY = 0;
  /**
   * At or above this p(cheap), the model overrules a capable lean that rests on word cues alone.
   * Chosen on the training run's held-out lines, as the trainer prints them: 0.90 captures 39 more
   * cheap prompts and sends none of the capable ones cheap; 0.85 captures 43 and sends 3
   * (docs/classifier.md, "Overruling a lean on single words").
   */
  static final double DEFAULT_OVERRULE = 0.90;
  /** The rules' signals that read single words of the instruction: the cues the model may overrule. */
  private static final Set<SignalName> WORD_CUES = EnumSet.of(SignalName.LEADING_VERB, SignalName.PHRASE,
      SignalName.MATH, SignalName.SEVERAL_QUESTIONS, SignalName.CODE_LIKE);

  private final NgramModel model;
  private final Set<TaskCategory> cheap;
  private final double threshold;

  private final double floor;
  private final double veto;
  private final double overrule;
  private final double vetoAny;
  /** Phrases and leading verbs the application added: its own words, never overruled. */
  private final Set<String> ownWords;

  private LearnedComponent(NgramModel model, Set<TaskCategory> cheap, double threshold, double floor, double veto,
      double overrule, double vetoAny, Set<String> ownWords) {
    this.floor = floor;
    this.veto = veto;
    this.model = model;
    this.cheap = Set.copyOf(cheap);
    this.threshold = threshold;
    this.overrule = overrule;
    this.vetoAny = vetoAny;
    this.ownWords = Set.copyOf(ownWords);
  }

  /**
   * This component with the overrule's p(cheap) ({@code 1}: no overrule), the veto's over any cheap
   * answer ({@code 0}: none), and the phrases and verbs the application added, which keep their say
   * whatever the model thinks.
   */
  LearnedComponent tuned(double overrule, double vetoAny, Set<String> ownWords) {
    return new LearnedComponent(model, cheap, threshold, floor, veto, overrule, vetoAny, ownWords);
  }

  /**
   * The model that ships with the library, loaded once on first use (if it cannot be read, the
   * rules decide alone). {@code threshold} NaN: the one chosen when the model was trained.
   */
  public static LearnedComponent shipped(Set<TaskCategory> cheap, double threshold) {
    return shipped(cheap, threshold, 0);
  }

  /**
   * As {@link #shipped(Set, double)}, never moving an answer with a probability below {@code floor}
   * (the rules' min-confidence: raising it makes both the rules and the model more conservative).
   */
  public static LearnedComponent shipped(Set<TaskCategory> cheap, double threshold, double floor) {
    return shipped(cheap, threshold, floor, DEFAULT_VETO);
  }

  /** As {@link #shipped(Set, double, double)}, with the veto's p(cheap) ({@code 0}: no veto). */
  public static LearnedComponent shipped(Set<TaskCategory> cheap, double threshold, double floor, double veto) {
    return new LearnedComponent(null, cheap, threshold, floor, veto, DEFAULT_OVERRULE, DEFAULT_VETO_ANY, Set.of());
  }

  public static LearnedComponent of(NgramModel model, Set<TaskCategory> cheap, double threshold) {
    return of(model, cheap, threshold, 0);
  }

  /** As {@link #of(NgramModel, Set, double)}, with the floor of {@link #shipped(Set, double, double)}. */
  public static LearnedComponent of(NgramModel model, Set<TaskCategory> cheap, double threshold, double floor) {
    return of(model, cheap, threshold, floor, DEFAULT_VETO);
  }

  /** As {@link #of(NgramModel, Set, double, double)}, with the veto's p(cheap) ({@code 0}: no veto). */
  public static LearnedComponent of(NgramModel model, Set<TaskCategory> cheap, double threshold, double floor,
      double veto) {
    return new LearnedComponent(model, cheap, threshold, floor, veto, DEFAULT_OVERRULE, DEFAULT_VETO_ANY, Set.of());
  }

  private double threshold(NgramModel m) {
    return Math.max(Double.isNaN(threshold) ? m.threshold() : threshold, floor);
  }

  private NgramModel model() {
    return model != null ? model : Shipped.MODEL;
  }

  /** Lazy, once, thread-safe: the class is initialised on first use. */
  private static final class Shipped {
    static final NgramModel MODEL = load();

    private static NgramModel load() {
      try (InputStream in = LearnedComponent.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IOException("resource " + RESOURCE + " is missing");
        }
        return NgramModel.read(in);
      } catch (IOException | RuntimeException e) {
        System.getLogger(LearnedComponent.class.getName()).log(System.Logger.Level.WARNING,
            "the classifier's shipped model cannot be read, the rules decide alone: " + e.getMessage());
        return null;
      }
    }
  }

  /**
   * The rules' answer; or a cheap category when the rules were unsure and the model is confident,
   * or leaned capable on word cues alone and the model is nearly sure; or general when the rules'
   * cheap answer rests on a question about the text alone and the model is nearly sure it is capable
   * work (or, with {@code model-veto-any}, on anything and the model is all but certain). Called once per request after the rules decided ({@link Decision}).
   */
  Classification combine(SegmentedPrompt prompt, Classification rules) {
    NgramModel m = model();
    boolean questionOnly = mayVeto(rules);
    boolean vetoing = questionOnly || mayVetoAny(rules);
    boolean overruling = !vetoing && mayOverrule(rules);
    if (!vetoing && !overruling && !consulted(rules)) {
      return rules; // what the rules found beyond single words is a veto: the model never argues with it
    }
    // only what the model reads, into this thread's builder: no copy of the whole instruction per request
    ChatRequest request = prompt.request();
    String instruction = prompt.instructionText();
    StringBuilder text = appendModelText(text(), request, instruction, NgramModel.MAX_CHARS);
    // what it reads is the start of the model text: only when that is blank can the whole be; and
    // with no user turn there is no request to read, whatever the system prompt says
    if (blank(text) && modelText(request, instruction).isBlank() || shortFollowUp(prompt)
        || request.lastUserMessage().isEmpty()) {
      return rules;
    }
    NgramModel.Prefix prefix = prefix(prompt, m);
    // a short paragraph closing a long text ("... \n\ncan you pull out the invoice number?") is read
    // alone too, without the material before it; the reading that leans cheaper counts
    int closing = closingParagraph(prompt.text());
    double pCapableAlone = 1;
    StringBuilder alone = null;
    String read = "";
    if (closing >= 0) {
      alone = appendClosing(closingText(), request, prompt.text(), closing);
      double[] q = m.score(alone, prefix).probabilities();
      pCapableAlone = q[q.length - 1];
      read = " on the closing paragraph";
    }
    // and, where the rules found nothing either way, an application's system prompt that plainly
    // sets cheap work ("You write one headline for each press release") is read alone: the material
    // in the user turn says nothing of the task. Never against the user's own words: where the
    // rules lean capable on them or a question may be vetoed, the user asked for more than the
    // application's task. Its features are the prefix's, already found: no text is read again
    if (prefix != null && !vetoing && !overruling) {
      StringBuilder system = systemText();
      appendSystemText(system, request);
      double[] q = m.score(system, prefix).probabilities();
      double pCapable = q[q.length - 1];
      if (1 - pCapable >= SYSTEM_ALONE && pCapable < pCapableAlone) {
        pCapableAlone = pCapable;
        alone = system;
        read = " on the system prompt alone";
      }
    }
    NgramModel.Scored scored = m.score(text, prefix);
    double[] p = scored.probabilities();
    if (pCapableAlone < p[p.length - 1]) {
      scored = m.score(alone, prefix); // again: its features are what explains the answer
      p = scored.probabilities();
    } else {
      read = "";
    }
    int capable = p.length - 1;
    int best = 0;
    for (int j = 1; j < capable; j++) {
      if (p[j] > p[best]) {
        best = j;
      }
    }
    double pCheap = 1 - p[capable];
    TaskCategory category = m.cheapCategories().get(best);
    double vetoBelow = questionOnly ? Math.max(veto, vetoAny) : vetoAny;
    if (vetoing && !questionOnly && pCheap >= vetoBelow) {
      return rules; // the usual cheap answer: the model agrees enough, nothing to add
    }
    List<Signal> signals = new ArrayList<>(rules.signals().size() + 1 + EXPLAINED_FEATURES);
    signals.addAll(rules.signals());
    if (vetoing) {
      if (pCheap >= vetoBelow) {
        signals.add(SignalName.MODEL.signal(rules.category(), 0, "p(cheap) " + twoDecimals(pCheap) + read + " >= "
            + twoDecimals(vetoBelow) + ": no veto"));
        return new Classification(rules.category(), rules.confidence(), signals, false);
      }
      signals.add(SignalName.MODEL.signal(TaskCategory.GENERAL, 0, questionOnly
          ? "p(cheap) " + twoDecimals(pCheap) + read + " < " + twoDecimals(vetoBelow)
              + ": a question about the text the model takes for capable work"
          : String.format(java.util.Locale.ROOT, "p(cheap) %.3f%s < %.3f: the model is all but certain this is capable work",
              pCheap, read, vetoBelow)));
      explain(signals, m, scored, capable, best, TaskCategory.GENERAL);
      return new Classification(TaskCategory.GENERAL, 1 - pCheap, signals, false);
    }
    double needed = overruling ? Math.max(overrule, threshold(m)) : threshold(m);
    boolean nothingGiven = pCheap >= needed && lookupOfNothing(prompt, category, rules);
    if (pCheap >= needed && cheap.contains(category) && !nothingGiven) {
      signals.add(SignalName.MODEL.signal(category, 0, "p(cheap) " + twoDecimals(pCheap) + read + " >= " + twoDecimals(needed)
          + (overruling ? ": overrules the rules' word cues" : "")));
      explain(signals, m, scored, best, capable, category);
      return new Classification(category, pCheap, signals, false);
    }
    if (overruling) {
      // the rules' capable answer stands; one line says the model was asked, its n-grams add nothing
      signals.add(SignalName.MODEL.signal(rules.category(), 0, "p(cheap) " + twoDecimals(pCheap) + read
          + (nothingGiven ? " but nothing is given to look up" : " < " + twoDecimals(needed))
          + ": the rules' word cues stand"));
      return new Classification(rules.category(), rules.confidence(), signals, false);
    }
    signals.add(SignalName.MODEL.signal(TaskCategory.GENERAL, 0, "p(cheap) " + twoDecimals(pCheap) + read
        + (nothingGiven ? " but nothing is given to look up" : " < " + twoDecimals(needed))));
    explain(signals, m, scored, capable, best, TaskCategory.GENERAL);
    return new Classification(rules.category(), rules.confidence(), signals, false);
  }

  /**
   * The model's reading of the system prompts, which start what it reads: found once per system
   * prompt and kept with the engine's memo of it ({@link SystemPrompts}); null when there is none.
   */
  private static NgramModel.Prefix prefix(SegmentedPrompt prompt, NgramModel m) {
    SystemPrompts system = prompt.systemPrompts();
    if (system.words().isEmpty()) {
      return null;
    }
    if (system.modelPrefix() instanceof NgramModel.Prefix p && p.madeBy(m)) {
      return p;
    }
    StringBuilder start = new StringBuilder();
    appendSystemText(start, prompt.request());
    NgramModel.Prefix p = m.prefix(start.toString());
    if (p != null) {
      system.keepModelPrefix(p);
    }
    return p;
  }

  /** Adds the n-grams that weighed most for class {@code toward} against {@code against}, as signals for {@code category}. */
  private static void explain(List<Signal> signals, NgramModel m, NgramModel.Scored scored, int toward, int against,
      TaskCategory category) {
    for (NgramModel.Contribution c : m.strongest(scored, toward, against, EXPLAINED_FEATURES)) {
      signals.add(SignalName.MODEL.signal(category, c.weight(), c.feature()));
    }
  }

  /**
   * "hmm, ok. anything else?" after an answer: a few words whose task is in the conversation, which
   * the model does not read; the rules' follow-up signal is what knows the earlier turn.
   */
  private static boolean shortFollowUp(SegmentedPrompt prompt) {
    return prompt.instruction().size() < FOLLOW_UP_WORDS && prompt.request().messages().stream()
        .anyMatch(m -> m.role().equals(ChatMessage.ASSISTANT));
  }

  /**
   * "Who won the 2018 world cup?": a question in a lone message with nothing given is answered from
   * the model's knowledge (general), however much it reads like a question about a text.
   */
  private static boolean lookupOfNothing(SegmentedPrompt prompt, TaskCategory category, Classification rules) {
    return (category.equals(TaskCategory.EXTRACTION) || category.equals(TaskCategory.SUMMARIZATION))
        && prompt.givesNoText() && loneTurn(prompt, rules);
  }

  /** One user turn, alone or under a system prompt that set no task ("You are a helpful assistant."). */
  private static boolean loneTurn(SegmentedPrompt prompt, Classification rules) {
    int users = 0;
    for (ChatMessage m : prompt.request().messages()) {
      if (m.role().equals(ChatMessage.ASSISTANT)) {
        return false;
      }
      users += m.role().equals(ChatMessage.USER) ? 1 : 0;
    }
    return users == 1 && !has(rules.signals(), SignalName.SYSTEM_INSTRUCTION)
        && !has(rules.signals(), SignalName.SYSTEM_PROMPT);
  }

  /** Whether a signal of {@code name} is among {@code signals} (by index: no iterator on every request). */
  private static boolean has(List<Signal> signals, SignalName name) {
    for (int i = 0; i < signals.size(); i++) {
      if (name.is(signals.get(i))) {
        return true;
      }
    }
    return false;
  }

  /** "0.70": String.format costs a microsecond, this is on every consulted request. */
  static String twoDecimals(double x) {
    long hundredths = Math.round(x * 100);
    long rest = hundredths % 100;
    return hundredths / 100 + (rest < 10 ? ".0" : ".") + rest;
  }

  /**
   * Whether the model may veto the rules' cheap answer: it rests on a question about the pasted text
   * ({@code question-about-text}) with no leading verb, the rules' weakest way to a cheap answer.
   */
  boolean mayVeto(Classification rules) {
    return veto > 0 && model() != null && cheap.contains(rules.category())
        && has(rules.signals(), SignalName.QUESTION_ABOUT_TEXT) && !has(rules.signals(), SignalName.LEADING_VERB);
  }

  /**
   * Whether the model may veto any cheap answer of the rules: one that does not rest on a phrase or
   * verb the application added (its own words are its rules).
   */
  boolean mayVetoAny(Classification rules) {
    if (vetoAny <= 0 || model() == null || !cheap.contains(rules.category())) {
      return false;
    }
    List<Signal> signals = rules.signals();
    for (int i = 0; i < signals.size(); i++) { // by index: no iterator on every request
      Signal s = signals.get(i);
      if (cheap.contains(s.category()) && !ownWords.isEmpty() && ownWords.contains(s.detail())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the model may overrule the rules' capable answer: it rests on word cues alone (see
   * {@link #WORD_CUES}), none of them a word the application added, and nothing else points to a
   * capable category.
   */
  boolean mayOverrule(Classification rules) {
    if (overrule >= 1 || model() == null || cheap.contains(rules.category()) || consulted(rules)) {
      return false;
    }
    List<Signal> signals = rules.signals();
    for (int i = 0; i < signals.size(); i++) { // by index: no iterator on every request
      Signal s = signals.get(i);
      SignalName n = SignalName.of(s);
      if (n == SignalName.MIN_CONFIDENCE || n == SignalName.MODEL) {
        return false;
      }
      if (cheap.contains(s.category()) || n == SignalName.CAPABLE_EVIDENCE || n == SignalName.TOO_SHORT) {
        continue;
      }
      if (n == null || !WORD_CUES.contains(n) || s.weight() >= Vocabulary.RECOMMENDATION
          || ownWords.contains(s.detail())) {
        return false;
      }
    }
    return true;
  }

  /** Whether the model has a say: the rules answered general and found no capable evidence. */
  boolean consulted(Classification rules) {
    return model() != null && rules.category().equals(TaskCategory.GENERAL) && !Decision.anyCapable(rules.signals(), cheap)
        && !has(rules.signals(), SignalName.MIN_CONFIDENCE);
  }

  /**
   * The model's probability that the request is cheap work, whatever the rules said: of its
   * readings (with a closing paragraph, {@link #closingParagraph}; the system prompt alone, when it
   * reaches {@link #SYSTEM_ALONE}), the one that leans cheapest.
   */
  double pCheap(ChatRequest request) {
    return pCheap(request, true);
  }

  /** {@link #pCheap(ChatRequest)}, reading the system prompt alone only if {@code system}. */
  double pCheap(ChatRequest request, boolean system) {
    NgramModel m = model();
    double[] p = m.probabilities(modelText(request));
    double pCapable = p[p.length - 1];
    String user = request.lastUserMessage().map(ChatMessage::text).orElse("");
    int closing = closingParagraph(user);
    if (closing >= 0) {
      double[] q = m.probabilities(appendClosing(new StringBuilder(), request, user, closing));
      pCapable = Math.min(pCapable, q[q.length - 1]);
    }
    StringBuilder start = new StringBuilder();
    appendSystemText(start, request);
    if (system && !blank(start)) {
      double[] q = m.probabilities(start);
      if (1 - q[q.length - 1] >= SYSTEM_ALONE) {
        pCapable = Math.min(pCapable, q[q.length - 1]);
      }
    }
    return 1 - pCapable;
  }

  /**
   * Where the closing paragraph of {@code turn} starts: the text after its last blank line, when that
   * is at most {@link #CLOSING_CHARS} characters and at least {@link #CLOSING_AFTER} come before it;
   * -1 when there is none. Reads at most the last {@code CLOSING_CHARS} characters or so.
   */
  static int closingParagraph(String turn) {
    int end = turn.length();
    while (end > 0 && Character.isWhitespace(turn.charAt(end - 1))) {
      end--;
    }
    int stop = Math.max(CLOSING_AFTER, end - CLOSING_CHARS - 1);
    for (int i = end - 1; i >= stop; i--) {
      if (turn.charAt(i) != '\n') {
        continue;
      }
      int j = i - 1; // a blank line ends here when only spaces lie between this line break and the one before
      while (j >= 0 && (turn.charAt(j) == ' ' || turn.charAt(j) == '\t' || turn.charAt(j) == '\r')) {
        j--;
      }
      if (j >= CLOSING_AFTER && turn.charAt(j) == '\n') {
        int start = i + 1;
        while (Character.isWhitespace(turn.charAt(start))) {
          start++;
        }
        return start;
      }
    }
    return -1;
  }

  /** The model's second reading: the start of the system prompts, then the closing paragraph alone. */
  private static StringBuilder appendClosing(StringBuilder sb, ChatRequest request, String turn, int closing) {
    appendSystemText(sb, request);
    int end = turn.length();
    while (Character.isWhitespace(turn.charAt(end - 1))) {
      end--;
    }
    return sb.append(turn, closing, end);
  }

  /**
   * What the model reads: the start of the system prompt (where applications state the task),
   * then the instruction of the last user turn as the rules segment it — never the pasted input.
   */
  static String modelText(ChatRequest request) {
    String user = request.lastUserMessage().map(ChatMessage::text).orElse("");
    return modelText(request, Segmenter.instructionText(user));
  }

  /** {@link #modelText(ChatRequest)} with the instruction of the last user turn already found. */
  private static String modelText(ChatRequest request, String instruction) {
    return appendModelText(new StringBuilder(), request, instruction, Integer.MAX_VALUE).toString();
  }

  /**
   * The first {@code limit} characters (or a few more) of {@link #modelText(ChatRequest, String)},
   * appended to {@code sb}.
   */
  private static StringBuilder appendModelText(StringBuilder sb, ChatRequest request, String instruction, int limit) {
    appendSystemText(sb, request);
    int room = NgramModel.MAX_CHARS - sb.length();
    if (instruction.length() > room && room > 2 * TAIL_CHARS) {
      // a long instruction is often the text itself with the ask at its end ("... Who won?"): read
      // its start and its end
      int end = instruction.length() - TAIL_CHARS;
      return sb.append(instruction, 0, room - TAIL_CHARS - 1).append('\n').append(instruction, end, instruction.length());
    }
    return sb.append(instruction, 0, Math.min(instruction.length(), Math.max(0, limit - sb.length())));
  }

  /** What the model reads of the system prompts: the start of each, then a line break. */
  private static void appendSystemText(StringBuilder sb, ChatRequest request) {
    for (ChatMessage m : request.messages()) {
      if (m.role().equals(ChatMessage.SYSTEM) || m.role().equals(ChatMessage.DEVELOPER)) {
        String t = m.text();
        sb.append(t, 0, Math.min(t.length(), SYSTEM_CHARS)).append('\n');
      }
    }
  }

  /** {@code String.isBlank} of {@code text}: a surrogate is never white space, so char by char is the same. */
  private static boolean blank(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      if (!Character.isWhitespace(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** This thread's builder for what the model reads of a request, emptied. */
  private static final ThreadLocal<StringBuilder> TEXT = ThreadLocal.withInitial(StringBuilder::new);

  private static StringBuilder text() {
    StringBuilder sb = TEXT.get();
    sb.setLength(0);
    return sb;
  }

  /** This thread's builder for the second reading (the closing paragraph), emptied. */
  private static final ThreadLocal<StringBuilder> CLOSING = ThreadLocal.withInitial(StringBuilder::new);

  private static StringBuilder closingText() {
    StringBuilder sb = CLOSING.get();
    sb.setLength(0);
    return sb;
  }

  /** This thread's builder for the third reading (the system prompts' start alone), emptied. */
  private static final ThreadLocal<StringBuilder> SYSTEM = ThreadLocal.withInitial(StringBuilder::new);

  private static StringBuilder systemText() {
    StringBuilder sb = SYSTEM.get();
    sb.setLength(0);
    return sb;
  }
}
