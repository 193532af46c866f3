package dev.switchboard.router.classify;

/**
 * {@code code-task}: code work asked with a cheap verb. Two shapes:
 * <ul>
 *   <li>what a piece of code does, summarised or asked ("Summarise what this function does for the
 *   docstring", "what does this ansible task do?", "Résume ce que fait cette requête"): explaining
 *   code. It needs "what … does/do" (or "ce que fait", "co robi", "was … macht", "qué hace", "cosa
 *   fa", "o que faz") and code: pasted text shaped like code, or a code noun in the instruction
 *   (function, script, query, regex, command, cron…);</li>
 *   <li>a language or a tool named as the means or the target of the work ("extract the hostnames
 *   with a sed one-liner", "pull out the emails using jq", "convert this to polars", "translate to
 *   Go"): a command (a leading verb) and, right after with, using, in, to, into or via (or after
 *   "a", "an" or "plain" there), a programming language or a command-line tool whose name is not
 *   also a natural language. "In the kubectl output below" names the source, not the means.</li>
 * </ul>
 * Treated like a compound request: the cheap category loses.
 */
final class CodeTaskCollector implements SignalCollector {
  @Override
  public void collect(SegmentedPrompt prompt, Evidence evidence) {
    Words w = prompt.instruction();
    boolean codeText = evidence.any(s -> SignalName.CODE_LIKE.is(s) || SignalName.CODE_BLOCK.is(s));
    boolean codeNoun = false;
    boolean whatItDoes = false;
    String tool = null;
    for (int i = 0; i < w.size(); i++) {
      String t = w.get(i);
      codeNoun |= CODE_NOUNS.contains(t);
      whatItDoes |= doesWhat(w, i);
      if (tool == null && MEANS.contains(t) && i + 1 < w.size()) {
        // "with jq", "with a sed one-liner", "to plain js"; not "in the kubectl output" (the source)
        int k = ARTICLES.contains(w.get(i + 1)) ? i + 2 : i + 1;
        tool = k < w.size() && TOOLS.contains(w.get(k)) ? w.get(k) : null;
      }
    }
    String artefact = artefactAskedFor(w);
    if (whatItDoes && (codeText || codeNoun)) {
      evidence.add(SignalName.CODE_TASK.signal(TaskCategory.CODE, 2.5, "what the code does"));
    } else if (tool != null && evidence.any(SignalName.LEADING_VERB::is)) {
      evidence.add(SignalName.CODE_TASK.signal(TaskCategory.CODE, 2.5, "by a tool or language: " + tool));
    } else if (artefact != null) {
      evidence.add(SignalName.CODE_TASK.signal(TaskCategory.CODE, 2.5, "a new " + artefact + " asked for"));
    }
  }

  /**
   * A piece of code asked for as the answer: "give me a regex that extracts …", "I need a formula
   * for …", "can you write me a one-liner". An asking word (give, need, want, write, make, suggest)
   * then, within three words, "a" or "an" and the artefact: "the regex in this config" is not new.
   */
  private static String artefactAskedFor(Words w) {
    for (int i = 0; i + 2 < w.size(); i++) {
      if (!ARTEFACT_ASKERS.contains(w.get(i))) {
        continue;
      }
      for (int k = i + 1; k + 1 < w.size() && k <= i + 3; k++) {
        if ((w.get(k).equals("a") || w.get(k).equals("an")) && ARTEFACTS.contains(w.get(k + 1))) {
          return w.get(k + 1);
        }
      }
    }
    return null;
  }

  private static final WordTable<Boolean> ARTEFACT_ASKERS = WordTable.set("give", "need", "want", "write", "make",
      "suggest", "build", "create", "generate");

  /** Code a user asks to be written: a regex, a formula, a script, a one-liner, a query. */
  private static final WordTable<Boolean> ARTEFACTS = WordTable.set("regex", "regexp", "formula", "script",
      "oneliner", "macro", "query", "cron", "crontab", "function");

  /** "what this does", "what does this change do", "ce que fait", "co robi", "qué hace", "cosa fa". */
  private static boolean doesWhat(Words w, int i) {
    String t = w.get(i);
    String next = i + 1 < w.size() ? w.get(i + 1) : "";
    if (t.equals("what") || t.equals("wat")) {
      for (int k = i + 1; k < w.size() && k <= i + 5; k++) {
        String u = w.get(k);
        // "what does this do", not "what do I …" nor "what should we do"
        if (u.equals("does") || (u.equals("do") && k > i + 1 && !ASKERS.contains(w.get(k - 1)))) {
          return true;
        }
      }
      return false;
    }
    return (t.equals("ce") && next.equals("que") && i + 2 < w.size() && w.get(i + 2).equals("fait"))
        || (t.equals("co") && next.equals("robi")) || (t.equals("qué") && next.equals("hace"))
        || (t.equals("cosa") && next.equals("fa")) || (t.equals("que") && next.equals("faz"))
        || (t.equals("was") && i + 2 < w.size() && w.get(i + 2).equals("macht"));
  }

  private static final WordTable<Boolean> CODE_NOUNS = WordTable.set("code", "function", "method", "script",
      "query", "regex", "regexp", "command", "cron", "snippet", "diff", "formula", "macro", "class", "kod", "requête",
      "commande", "código", "codice", "skript", "funktion", "función", "funzione");

  /** Words that introduce the means or the target: "with jq", "using a sed one-liner", "to polars". */
  private static final WordTable<Boolean> MEANS = WordTable.set("with", "using", "in", "to", "into", "via", "mit",
      "con", "avec", "en");

  /** Before "do", the one asking rather than the code: "what do I …", "what should we do". */
  private static final WordTable<Boolean> ASKERS = WordTable.set("i", "we", "you", "they", "should");

  /** Between the means word and the tool: "with a sed one-liner", "to plain js". */
  private static final WordTable<Boolean> ARTICLES = WordTable.set("a", "an", "plain", "un", "une", "ein", "einen");

  /** Languages and tools whose names are not also natural languages or everyday words. */
  private static final WordTable<Boolean> TOOLS = WordTable.set("jq", "sed", "awk", "grep", "polars", "pandas",
      "numpy", "python", "golang", "rust", "kotlin", "typescript", "javascript", "java", "scala", "ruby", "php",
      "perl", "bash", "zsh", "powershell", "regex", "regexp", "xlookup", "vlookup", "vba", "dataclass",
      "dataclasses", "pydantic", "sqlalchemy", "terraform", "dockerfile", "js", "cpp", "rustlang",
      "elixir", "haskell", "swift", "dart");
}
