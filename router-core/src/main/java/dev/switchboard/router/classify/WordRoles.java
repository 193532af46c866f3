package dev.switchboard.router.classify;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a word of the instruction can mean to the compound-request, maths-problem, scale, code-task
 * and code-lookup collectors, as bits: one table lookup per word, once per request, instead of one
 * per rule and word set.
 */
final class WordRoles {
  /** "and", "then", "also" (und, y, et...): a second ask may follow. */
  static final int COORDINATING = 1;
  /** "solve", "solution" (resuelve, löse...). */
  static final int SOLVING = 2;
  /** "total", "left", "average", "percent"...: a quantity asked. */
  static final int ARITHMETIC_WORD = 4;
  /** Objects of school maths: "triangle", "ratio", "prime"... */
  static final int MATH_OBJECT = 8;
  /** "answer", "option", "choose"...: lettered items are answer choices. */
  static final int CHOOSING_WORD = 16;
  /** "rate", "score", "stars"...: a rating. */
  static final int RATING_WORD = 32;
  /** "how" and "in", which open a quantity ("how many", "in all"). */
  static final int HOW = 64;
  /** "people", "guests", "servings", "recipe"...: what a recipe or a head count is for. */
  static final int SERVING = 128;
  /** "instead" ("for 6 people instead of 4"). */
  static final int INSTEAD = 256;

  // the code-task collector's cue words
  /** "code", "function", "script", "requête"...: a piece of code named. */
  static final int CODE_NOUN = 1 << 9;
  /** "with", "using", "in", "to", "via"...: the means or the target follows ("with jq"). */
  static final int MEANS = 1 << 10;
  /** "a", "an", "plain"... between the means word and the tool ("with a sed one-liner"). */
  static final int ARTICLE = 1 << 11;
  /** Languages and tools whose names are not also natural languages or everyday words: "jq", "polars", "kotlin". */
  static final int TOOL = 1 << 12;
  /** "i", "we", "you", "they", "should": before "do", the one asking rather than the code. */
  static final int ASKER = 1 << 13;
  /** "give", "need", "write", "make"...: asks for an artefact ("give me a regex"). */
  static final int ARTEFACT_ASKER = 1 << 14;
  /** Code a user asks to be written: "regex", "formula", "script", "query"... */
  static final int ARTEFACT = 1 << 15;

  // the code-lookup collector's cue words
  /** "what", "which", "list", "tell", "identify"...: asks for something to be read off or handed over. */
  static final int LOOKUP_WORD = 1 << 16;
  /** Technical documents whose summary is a reading: "readme", "rfc", "changelog", "log", "minutes"... */
  static final int DOCUMENT = 1 << 17;
  /** "code", "function", "method", "class", "api": before a document word, they make it code ("function docs"). */
  static final int CODE_WORD = 1 << 18;
  /** "exception", "exceptions", "traceback". */
  static final int EXCEPTION = 1 << 19;
  /** Parts of code whose names can be listed: "function", "variables", "imports", "columns"... */
  static final int CODE_PART = 1 << 20;
  /** "name", "names", "called", "defined", "declared", "used", "imported". */
  static final int NAMING = 1 << 21;
  /** Programming languages ("python", "node", "go", "c"...): "python or node trace?". */
  static final int LANGUAGE = 1 << 22;
  /** The first word of "what … does", "ce que fait", "co robi", "qué hace", "cosa fa", "que faz", "was … macht". */
  static final int DOES_WHAT_OPENER = 1 << 23;
  /** The first word of a trace's own header: "recent" (call last), "exception" (in thread). */
  static final int TRACE_HEADER = 1 << 24;

  // the maths-problem collector's words, read for every word that has none of the roles above
  /** "change", "growth", "increase", "fell"...: a change between two figures ({@link ProblemShapeCollector#CHANGES}). */
  static final int CHANGE = 1 << 25;
  /** "revenue", "margin", "owe", "roas"...: a figure computed from line items ({@link ProblemShapeCollector#COMPUTED}). */
  static final int COMPUTED = 1 << 26;
  /** The roles above {@link #CHANGE}: a word with none of them is one the maths-problem collector reads only for these two. */
  static final int BEFORE_CHANGE = CHANGE - 1;

  private static final Set<String> COORDINATORS = Set.of("and", "then", "also", "plus", "finally", "afterwards",
      "but", "und", "dann", "aber", "y", "luego", "después", "pero", "et", "puis", "ensuite", "mais");
  private static final Set<String> SOLVE = Set.of("solve", "solving", "resuelve", "resolver", "löse", "lösen",
      "résous", "résoudre", "risolvi", "solution");
  private static final Set<String> ARITHMETIC = Set.of("total", "altogether", "left", "remain", "remains",
      "remaining", "average", "sum", "difference", "percent", "percentage", "plus", "minus", "divided", "equals",
      "squared", "speed", "times");
  /** Objects of school maths: with numbers beside them, a problem ("the triangle with sides 3, 4 and 5"). */
  private static final Set<String> MATH_OBJECTS = Set.of("triangle", "angle", "angles", "perimeter", "area",
      "radius", "diameter", "circumference", "hypotenuse", "prime", "primes", "divisible", "fraction", "fractions",
      "ratio", "probability", "equation", "sequence", "digits");
  /** Words that say the letters are answer choices, not a legal list "(a) ... (b) ... (c)". */
  private static final Set<String> CHOOSING = Set.of("answer", "answers", "option", "options", "choice", "choices",
      "correct", "choose", "pick", "select");
  private static final Set<String> RATING = Set.of("rate", "rating", "score", "grade", "scale", "stars");
  private static final Set<String> SERVINGS = Set.of("people", "persons", "guests", "servings", "portions", "serves",
      "recipe", "adults", "kids");
  private static final Set<String> CODE_NOUNS = Set.of("code", "function", "method", "script", "query", "regex",
      "regexp", "command", "cron", "snippet", "diff", "formula", "macro", "class", "kod", "requête", "commande",
      "código", "codice", "skript", "funktion", "función", "funzione");
  private static final Set<String> MEANS_WORDS = Set.of("with", "using", "in", "to", "into", "via", "mit", "con",
      "avec", "en");
  private static final Set<String> ARTICLES = Set.of("a", "an", "plain", "un", "une", "ein", "einen");
  private static final Set<String> TOOLS = Set.of("jq", "sed", "awk", "grep", "polars", "pandas", "numpy", "python",
      "golang", "rust", "kotlin", "typescript", "javascript", "java", "scala", "ruby", "php", "perl", "bash", "zsh",
      "powershell", "regex", "regexp", "xlookup", "vlookup", "vba", "dataclass", "dataclasses", "pydantic",
      "sqlalchemy", "terraform", "dockerfile", "js", "cpp", "rustlang", "elixir", "haskell", "swift", "dart");
  private static final Set<String> ASKERS = Set.of("i", "we", "you", "they", "should");
  private static final Set<String> ARTEFACT_ASKERS = Set.of("give", "need", "want", "write", "make", "suggest", "build",
      "create", "generate");
  private static final Set<String> ARTEFACTS = Set.of("regex", "regexp", "formula", "script", "oneliner", "macro",
      "query", "cron", "crontab", "function");
  private static final Set<String> LOOKUP_WORDS = Set.of("what", "what's", "whats", "which", "list", "tell", "give",
      "show", "identify", "read", "extract", "pull", "find", "get", "need", "output", "welche", "welcher", "quel",
      "quelle", "cuál", "qué");
  private static final Set<String> DOCUMENTS = Set.of("readme", "rfc", "doc", "docs", "documentation", "changelog",
      "log", "logs", "spec", "specification", "runbook", "postmortem", "incident", "ticket", "issue", "pr", "adr",
      "wiki", "thread", "email", "notes", "minutes", "commits");
  private static final Set<String> CODE_WORDS = Set.of("code", "function", "method", "class", "api");
  private static final Set<String> EXCEPTIONS = Set.of("exception", "exceptions", "traceback");
  private static final Set<String> CODE_PARTS = Set.of("function", "functions", "method", "methods", "variable",
      "variables", "class", "classes", "import", "imports", "module", "modules", "dependency", "dependencies",
      "package", "packages", "endpoint", "endpoints", "parameter", "parameters", "argument", "arguments", "column",
      "columns", "table", "tables", "field", "fields", "route", "routes", "env");
  private static final Set<String> NAMINGS = Set.of("name", "names", "called", "defined", "declared", "used",
      "imported");
  private static final Set<String> LANGUAGES = Set.of("python", "node", "java", "javascript", "js", "ruby", "go",
      "php", "rust", "kotlin", "typescript", "ts", "elixir", "scala", "perl", "c", "cpp", "swift");
  private static final WordTable<Integer> ROLES;

  static {
    Map<String, Integer> roles = new HashMap<>();
    Map<Set<String>, Integer> sets = new LinkedHashMap<>();
    sets.put(COORDINATORS, COORDINATING);
    sets.put(SOLVE, SOLVING);
    sets.put(ARITHMETIC, ARITHMETIC_WORD);
    sets.put(MATH_OBJECTS, MATH_OBJECT);
    sets.put(CHOOSING, CHOOSING_WORD);
    sets.put(RATING, RATING_WORD);
    sets.put(Set.of("how", "in"), HOW);
    sets.put(SERVINGS, SERVING);
    sets.put(Set.of("instead"), INSTEAD);
    sets.put(CODE_NOUNS, CODE_NOUN);
    sets.put(MEANS_WORDS, MEANS);
    sets.put(ARTICLES, ARTICLE);
    sets.put(TOOLS, TOOL);
    sets.put(ASKERS, ASKER);
    sets.put(ARTEFACT_ASKERS, ARTEFACT_ASKER);
    sets.put(ARTEFACTS, ARTEFACT);
    sets.put(LOOKUP_WORDS, LOOKUP_WORD);
    sets.put(DOCUMENTS, DOCUMENT);
    sets.put(CODE_WORDS, CODE_WORD);
    sets.put(EXCEPTIONS, EXCEPTION);
    sets.put(CODE_PARTS, CODE_PART);
    sets.put(NAMINGS, NAMING);
    sets.put(LANGUAGES, LANGUAGE);
    sets.put(Set.of("what", "wat", "ce", "co", "qué", "cosa", "que", "was"), DOES_WHAT_OPENER);
    sets.put(Set.of("recent", "exception"), TRACE_HEADER);
    sets.put(ProblemShapeCollector.CHANGES, CHANGE);
    sets.put(ProblemShapeCollector.COMPUTED, COMPUTED);
    sets.forEach((words, bit) -> words.forEach(word -> roles.merge(word, bit, (a, b) -> a | b)));
    ROLES = WordTable.map(roles);
  }

  private WordRoles() {}

  /** The roles of each word of {@code w}. */
  static int[] of(Words w) {
    int[] r = new int[w.size()];
    for (int i = 0; i < r.length; i++) {
      Integer roles = ROLES.get(w.get(i));
      r[i] = roles == null ? 0 : roles;
    }
    return r;
  }
}
