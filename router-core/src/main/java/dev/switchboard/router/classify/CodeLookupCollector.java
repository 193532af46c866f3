package dev.switchboard.router.classify;

import java.util.Set;

/**
 * {@code code-lookup}: reading a fact off pasted code or a stack trace is a lookup, not code work:
 * "what's the exception type and which file + line? don't debug it" over a Java trace, "list every
 * function and method name defined in this file", "which programming language is this snippet?",
 * "python or node trace? one word", "which versions of numpy and pandas do I have?" over a pip
 * freeze. A summary asked of a technical document named in the instruction (a README, an RFC, a
 * design doc, a changelog, a log, a ticket, a thread, minutes: "tl;dr this design doc") is read
 * off it the same way, whatever code words the document holds. It needs pasted input, a question or a word that asks for something (what, which, list,
 * tell, give, identify, read…), something named to read off it (the exception, or the file and
 * line it was thrown at, when there is a stack trace; names of functions, methods, variables,
 * classes or imports, the word "name(s)", "defined" or "declared" beside them; the programming
 * language; versions), an instruction that is not the trace itself ("Traceback (most recent call
 * last)" read as the instruction leaves the real ask unknown) and no other ask for harder work: every
 * capable signal must be one the material itself explains (the stack trace, the code block or
 * code-like text, a language, a library or a code noun named as the object: "exception", "class",
 * "snippet"). Those are then withdrawn and the lookup decides: "what exception would this code
 * throw?" has no trace to read it from, "list the functions and fix the bug" asks for a fix, and
 * "don't debug it" negates the debug (the phrase collector drops negated phrases). A rewrite verb in
 * front ("rename every variable name to snake_case") is a change to the code, not a lookup. Runs after the
 * text-shape and code-task collectors, whose findings it reads.
 */
final class CodeLookupCollector implements SignalCollector {
  private final Set<TaskCategory> cheap;

  CodeLookupCollector(Engine.Settings settings) {
    this.cheap = settings.cheapCategories();
  }

  @Override
  public void collect(SegmentedPrompt prompt, Evidence evidence) {
    if (!prompt.hasInput()) {
      return;
    }
    boolean trace = evidence.any(SignalName.STACK_TRACE::is);
    Words w = prompt.instruction();
    if (traceInInstruction(prompt, w)) {
      return; // the trace was read as the instruction: the real ask, after it, is unknown
    }
    String target = null;
    boolean asked = false; // a question, or a word that asks for something to be read or handed over
    String document = null; // a technical document named in the instruction: a README, a design doc, a git log
    TaskCategory category = TaskCategory.EXTRACTION;
    for (int i = 0; i < w.size(); i++) {
      String t = w.get(i);
      int r = prompt.roles(i); // the cue words below, found once per word (WordRoles)
      asked |= w.inQuestion(i) || (r & WordRoles.LOOKUP_WORD) != 0;
      if (target != null) {
        continue;
      }
      String prev = i > 0 ? w.get(i - 1) : "";
      String next = i + 1 < w.size() ? w.get(i + 1) : "";
      if (trace && ((r & WordRoles.EXCEPTION) != 0 || (t.equals("line") && (prev.equals("file") || prev.equals("which"))))) {
        target = t.equals("line") ? "the file and line" : "the exception";
      } else if ((r & WordRoles.CODE_PART) != 0 && ((i + 1 < w.size() && (prompt.roles(i + 1) & WordRoles.NAMING) != 0)
          || (i > 0 && (prompt.roles(i - 1) & WordRoles.NAMING) != 0))) {
        target = t + " names";
      } else if (t.equals("language") && (prev.equals("programming") || prev.equals("coding") || prev.equals("which")
          || prev.equals("what"))) {
        target = "the language";
        category = TaskCategory.CLASSIFICATION;
      } else if ((r & WordRoles.LANGUAGE) != 0 && next.equals("or") && i + 2 < w.size()
          && (prompt.roles(i + 2) & WordRoles.LANGUAGE) != 0) {
        target = t + " or " + w.get(i + 2);
        category = TaskCategory.CLASSIFICATION;
      } else if (t.equals("version") || t.equals("versions")) {
        target = "versions";
      } else if ((r & WordRoles.DOCUMENT) != 0 && !(i > 0 && (prompt.roles(i - 1) & WordRoles.CODE_WORD) != 0)) {
        document = t; // a summary of it is read off it too: "tl;dr this design doc", "based on the README below"
      }
    }
    if (target == null && document != null && evidence.any(s -> s.category().equals(TaskCategory.SUMMARIZATION)
        && s.weight() >= Vocabulary.STRONG)) {
      target = "a summary of the " + document + ", its technical words only material";
      category = TaskCategory.SUMMARIZATION;
      asked = true;
    }
    if (target == null || !asked || evidence.any(s -> SignalName.LEADING_VERB.is(s) && s.category().equals(TaskCategory.TRANSFORMATION))
        || evidence.any(s -> !cheap.contains(s.category()) && s.weight() > Vocabulary.CONTEXT
        && !SignalName.TOO_SHORT.is(s) && !material(s))) {
      return;
    }
    if (evidence.removeIf(CodeLookupCollector::material)) {
      evidence.add(SignalName.CODE_LOOKUP.signal(category, Vocabulary.STRONG,
          category.equals(TaskCategory.SUMMARIZATION) ? target : target + " read off pasted code"));
    }
  }

  /** Whether the words hold a trace's own header ("Traceback (most recent call last)", "Exception in thread"). */
  private static boolean traceInInstruction(SegmentedPrompt prompt, Words w) {
    for (int i = 0; i + 2 < w.size(); i++) {
      if ((prompt.roles(i) & WordRoles.TRACE_HEADER) == 0) {
        continue; // neither "recent" nor "exception": most words
      }
      String t = w.get(i);
      if ((t.equals("recent") && w.get(i + 1).equals("call") && w.get(i + 2).equals("last"))
          || (t.equals("exception") && w.get(i + 1).equals("in") && w.get(i + 2).equals("thread"))) {
        return true;
      }
    }
    return false;
  }

  /** Evidence for code that the pasted material explains: its shape, or a code noun or language named as the object. */
  private static boolean material(Signal s) {
    return SignalName.STACK_TRACE.is(s) || SignalName.CODE_BLOCK.is(s) || SignalName.CODE_LIKE.is(s)
        || (SignalName.PHRASE.is(s) && s.category().equals(TaskCategory.CODE) && OBJECTS.contains(s.detail()));
  }

  /** Code phrases that name what is read rather than work to do (Vocabulary's code phrases). */
  private static final Set<String> OBJECTS = Set.of("function", "python", "java", "javascript", "typescript",
      "kotlin", "golang", "rust", "sql", "stack trace", "exception", "nullpointerexception", "code", "snippet",
      "script", "bash", "shell", "html", "css", "js", "node js", "nodejs", "php", "scala", "haskell", "pandas",
      "numpy", "django", "flask", "git", "docker", "dockerfile", "kubernetes", "terminal", "postgres", "postgresql",
      "mysql", "sqlite", "endpoint", "method", "api", "query", "class", "library", "schema", "database", "variable",
      "error", "maven", "gradle", "npm", "react", "vue", "angular", "linux", "spring boot");
}
