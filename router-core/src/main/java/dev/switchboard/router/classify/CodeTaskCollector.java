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
      int r = prompt.roles(i); // the cue words below, found once per word (WordRoles)
      codeNoun |= (r & WordRoles.CODE_NOUN) != 0;
      whatItDoes |= doesWhat(prompt, w, i);
      if (tool == null && (r & WordRoles.MEANS) != 0 && i + 1 < w.size()) {
        // "with jq", "with a sed one-liner", "to plain js"; not "in the kubectl output" (the source)
        int k = (prompt.roles(i + 1) & WordRoles.ARTICLE) != 0 ? i + 2 : i + 1;
        tool = k < w.size() && (prompt.roles(k) & WordRoles.TOOL) != 0 ? w.get(k) : null;
      }
    }
    String artefact = artefactAskedFor(prompt, w);
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
  private static String artefactAskedFor(SegmentedPrompt prompt, Words w) {
    for (int i = 0; i + 2 < w.size(); i++) {
      if ((prompt.roles(i) & WordRoles.ARTEFACT_ASKER) == 0) {
        continue;
      }
      for (int k = i + 1; k + 1 < w.size() && k <= i + 3; k++) {
        if ((w.get(k).equals("a") || w.get(k).equals("an")) && (prompt.roles(k + 1) & WordRoles.ARTEFACT) != 0) {
          return w.get(k + 1);
        }
      }
    }
    return null;
  }

  /** "what this does", "what does this change do", "ce que fait", "co robi", "qué hace", "cosa fa". */
  private static boolean doesWhat(SegmentedPrompt prompt, Words w, int i) {
    if ((prompt.roles(i) & WordRoles.DOES_WHAT_OPENER) == 0) {
      return false; // none of the first words below: most words
    }
    String t = w.get(i);
    String next = i + 1 < w.size() ? w.get(i + 1) : "";
    if (t.equals("what") || t.equals("wat")) {
      for (int k = i + 1; k < w.size() && k <= i + 5; k++) {
        String u = w.get(k);
        // "what does this do", not "what do I …" nor "what should we do"
        if (u.equals("does") || (u.equals("do") && k > i + 1 && (prompt.roles(k - 1) & WordRoles.ASKER) == 0)) {
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
}
