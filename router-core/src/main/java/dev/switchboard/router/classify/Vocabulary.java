package dev.switchboard.router.classify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The default words: leading verbs (a command's first word) and phrases per category with their
 * weights. Strong phrases (2.0) decide a category alone; weak ones (1.0) only add up. Kept as data
 * so users can add and remove entries through the classifier's builder or a config map.
 */
final class Vocabulary {
  public static final double STRONG = 2.0;
  public static final double WEAK = 1.0;
  static final double RECOMMENDATION = 4.0;
  static final double CONTEXT = 0.5;

  private Vocabulary() {}

  /** Leading verb to category. */
  public static Map<String, TaskCategory> leadingVerbs() {
    Map<String, TaskCategory> m = new LinkedHashMap<>();
    put(m, TaskCategory.EXTRACTION, "extract", "pull", "grab", "parse", "identify", "enumerate", "retrieve",
        "collect", "capture", "locate", "count");
    // "Sort these expenses into travel, food or office", "Group the animals into mammals and birds":
    // putting items into given bins ("sort out my finances" is not: see LeadingVerbCollector).
    put(m, TaskCategory.CLASSIFICATION, "mark", "assign", "classify", "categorize", "categorise", "label", "tag", "triage",
        "detect", "flag", "sort", "group", "bucket");
    put(m, TaskCategory.SUMMARIZATION, "summarize", "summarise", "condense", "recap", "tldr", "digest");
    put(m, TaskCategory.TRANSFORMATION, "translate", "rewrite", "rephrase", "paraphrase", "convert", "reformat",
        "format", "proofread", "correct", "shorten", "simplify", "normalize", "normalise", "redact", "anonymize",
        "anonymise", "reword", "polish", "expand", "transliterate", "capitalize", "transform", "turn");
    put(m, TaskCategory.REASONING, "schedule", "plan", "allocate", "prioritize", "prioritise", "optimize",
        "optimise", "prove", "derive", "solve", "calculate", "compute", "deduce", "justify",
        "compare", "evaluate", "analyze", "analyse", "assess", "estimate", "decide", "explain", "reason");
    put(m, TaskCategory.CODE, "implement", "debug", "refactor", "code", "program", "compile");
    // A few verbs in Spanish, French, German and Portuguese (imperative forms), for the cheap tasks.
    put(m, TaskCategory.EXTRACTION, "extrae", "extrais", "extrayez", "extrahiere", "extraia");
    put(m, TaskCategory.CLASSIFICATION, "clasifica", "classe", "classez", "classifie", "klassifiziere",
        "kategorisiere", "classifique", "ordne", "sortiere", "agrupa", "trie", "regroupe");
    put(m, TaskCategory.SUMMARIZATION, "resume", "resumir", "résume", "résumez", "resuma", "zusammenfassen",
        "fasse");
    put(m, TaskCategory.TRANSFORMATION, "traduce", "traduis", "traduisez", "übersetze", "traduza", "reescribe",
        "réécris", "corrige", "korrigiere");
    put(m, TaskCategory.CREATIVE, "compose", "brainstorm", "imagine", "invent");
    // Italian, Dutch and Polish imperatives for the cheap tasks (issue 17: other people's languages).
    put(m, TaskCategory.EXTRACTION, "estrai", "estraete", "extraheer", "wyodrębnij", "wypisz");
    put(m, TaskCategory.CLASSIFICATION, "classifica", "classificeer", "sklasyfikuj");
    put(m, TaskCategory.SUMMARIZATION, "riassumi", "sintetizza", "resumí", "streść", "podsumuj");
    put(m, TaskCategory.TRANSFORMATION, "traduci", "correggi", "riscrivi", "vertaal", "herschrijf",
        "przetłumacz", "popraw", "traducí", "traduz");
    return m;
  }

  /** Words skipped before a leading verb: "Please could you summarize...". */
  public static List<String> politeWords() {
    return List.of("please", "pls", "yeah", "yes", "yep", "um", "right", "bitte", "por", "favor", "kindly", "can", "could", "would", "will", "you", "i", "we", "need", "want",
        "to", "now", "just", "quickly", "hi", "hello", "hey", "ok", "okay", "so", "then", "and", "also", "go",
        "ahead", "help", "me", "us", "task", "instructions", "instruction");
  }

  /** Phrases per category. */
  public static List<PhraseTable.Phrase> phrases() {
    List<PhraseTable.Phrase> p = new java.util.ArrayList<>();
    add(p, TaskCategory.EXTRACTION, STRONG, "extract", "pull out", "list all", "list every", "list each",
        "find all", "find every", "named entities", "key value pairs", "as json", "into json", "json object with",
        "return json", "output json", "in json", "fill in the fields", "fill in", "structured data",
        "which fields");
    add(p, TaskCategory.EXTRACTION, WEAK, "dates", "phone number", "phone numbers", "email addresses",
        "addresses", "amounts", "invoice number", "order number", "entities", "fields", "mentioned", "values",
        "line items", "sku", "names", "deadline", "total amount", "due date", "postal code", "zip code",
        "tracking number", "from this", "from the following", "from the text", "from these", "list the",
        "country code", "area code",
        // a code that is a label or an identifier, not program code ("ISO 639-1 code only", "the GL code")
        "639 1 code", "639 1 codes", "language code", "language codes", "currency code",
        "currency codes", "gl code", "gl codes", "account code", "tax code", "discount code", "promo code",
        "voucher code", "coupon code", "booking code", "airport code", "airport codes", "product code",
        "product codes", "status code", "status codes", "colour code", "color code", "dialling code", "sort code",
        "nominal code", "cost code", "icd code", "icd codes", "icd 10 code", "icd 10 codes", "hs code", "hs codes",
        "postcode", "postcodes");
    // Questions answered from the given text, and copying it out: a lookup, whatever is asked.
    add(p, TaskCategory.EXTRACTION, STRONG, "according to the text", "according to the passage",
        "according to the article", "according to the email", "according to the document",
        "based on the passage", "read the passage and answer", "from the passage", "in the passage",
        "word for word", "verbatim", "copy out", "quote the sentence", "quote the sentences", "exact sentence",
        "exact sentences", "exception type", "error code", "variable names", "function names", "column names",
        "table names", "the imports", "environment variables",
        "extrae", "extraer", "extraire", "extrahieren", "estrai", "estrarre", "extraheer", "wyodrębnij");
    add(p, TaskCategory.CLASSIFICATION, STRONG, "classify", "categorize", "categorise", "which category",
        "what category", "one of", "yes or no", "sentiment", "spam", "intent", "true or false",
        "which department", "which team", "urgency", "detect the language", "what language",
        "positive or negative", "negative or neutral", "put each of these", "sort these into", "sort each", "sarcastic", "sarcasm", "phishing", "or legit", "or nah",
        "entailment", "entails", "contradiction", "positive negative", "toxic", "decide whether", "decide if", "relevant or not", "severity", "likely or unlikely", "which of these", "bug report", "feature request", "label it", "label this", "tag it", "tag this", "category",
        "categories", "sentimiento", "kategorie", "kategorien", "categoría", "categorías", "catégorie", "catégories",
        "positiva o negativa", "positivo o negativo", "positif ou négatif", "positive ou négative",
        "positiv oder negativ", "risk level", "risk rating", "risk score", "risk category", "risk class",
        "which topic", "what topic");
    // "How would you rate the tone of this reply, 1 to 5?": asks for a rating, not a hypothetical
    // (the longer phrase wins over "how would"); a scale makes it a label (ScaleCollector).
    add(p, TaskCategory.CLASSIFICATION, WEAK, "how would you rate", "how do you rate");
    add(p, TaskCategory.CLASSIFICATION, STRONG, "choose one", "pick one", "choose from", "answer with one",
        "respond with one", "reply with one", "just the label", "only the label", "just the level",
        "cefr level", "positivo negativo", "negativo o neutro", "negativo ou neutro", "positif négatif",
        "négatif ou neutre", "positiv negativ", "negativ oder neutral", "negativo o neutrale", "negativa o neutrale", "negativa o neutra",
        "negativa ou neutra", "positiva negativa", "clasifica",
        "clasificar", "classifie", "classer", "klassifiziere", "classifica", "classificare", "classificeer");
    add(p, TaskCategory.CLASSIFICATION, WEAK, "whether this", "is this a", "is it a", "or not", "priority", "type of", "label", "relevant", "urgent");
    add(p, TaskCategory.SUMMARIZATION, STRONG, "summarize", "summarise", "summary", "tl dr", "tldr",
        "key points", "main points", "key takeaways", "takeaways", "action items", "recap", "gist",
        "in a nutshell", "brief overview", "short overview", "overview of", "sum up", "sums up", "boil down", "boil this down", "boil it down",
        "what is this about", "what is it about", "condense", "short version", "headline for", "abstract for",
        "an abstract", "the essentials", "resumen", "résumé", "zusammenfassung", "fasse zusammen", "resumo",
        "main idea", "main ideas", "main point", "central idea", "main message", "worum geht es", "de quoi parle",
        "de qué trata", "de que trata");
    add(p, TaskCategory.SUMMARIZATION, STRONG, "what i missed", "what did i miss", "what have i missed",
        "catch me up", "meta description", "riassunto", "riassumi", "sintesi", "samenvatting", "vat samen",
        "streszczenie", "podsumuj", "resumí");
    // A title or a subject line for a pasted text sums it up; a title for one's own book is creative
    // naming: weak, so enough only over pasted input.
    add(p, TaskCategory.SUMMARIZATION, WEAK, "a title", "title for", "a headline", "headline", "subject line",
        "in brief", "un titre", "titre", "einen titel", "überschrift", "betreffzeile", "un título", "título");
    add(p, TaskCategory.SUMMARIZATION, WEAK, "bullet points", "in one sentence", "in two sentences", "in a few lines", "in a few sentences",
        "in a few words", "in two lines", "in three lines", "in 3 lines", "in 2 sentences", "in 3 sentences",
        "in three sentences", "briefly", "highlights", "overview");
    add(p, TaskCategory.TRANSFORMATION, STRONG, "translate", "translation", "rewrite", "rephrase", "paraphrase",
        "reword", "more polite", "more professional", "more friendly", "friendlier", "sound more", "sound less", "more formal", "less formal", "more concise", "more casual", "plain english",
        "fix the grammar", "grammar", "typos", "spelling", "proofread", "reformat", "to markdown", "to csv",
        "to json", "to yaml", "to xml", "into a table", "as a table", "title case", "uppercase", "lowercase",
        "passive voice", "active voice", "redact", "anonymize", "anonymise", "into english", "into french",
        "into german", "into spanish", "into italian", "into japanese", "into portuguese", "into dutch",
        "into chinese", "to english", "to french", "to german", "to spanish", "to italian", "to japanese",
        "to portuguese", "to dutch", "to chinese", "in french", "in german", "in spanish", "in italian",
        "in portuguese", "in dutch", "in japanese", "in chinese", "gender neutral", "iso format", "iso 8601",
        "date format", "in iso", "markdown table", "into markdown", "sound like", "make it sound", "make this sound", "übersetzen",
        "ins deutsche", "ins englische", "auf deutsch", "auf englisch", "en español", "al español", "en français",
        "en anglais", "al inglés", "grammer", "my grammar", "spelling and grammar", "abbreviations", "grammar mistakes", "spelling mistakes", "grammatical mistakes",
        "british english", "american english", "uk english", "us english", "british spelling",
        "american spelling", "uk spelling", "us spelling", "freundlicher", "höflicher", "umformulieren", "formulieren",
        "reformule", "reformuler", "plus poli", "más formal", "más educado", "reescribe", "grammatically",
        "grammatical");
    add(p, TaskCategory.TRANSFORMATION, WEAK, "convert", "simplify", "shorten", "tone", "format", "shorter");
    add(p, TaskCategory.TRANSFORMATION, STRONG, "capitalization", "capitalisation", "punctuation",
        "traditional chinese", "simplified chinese", "traduce", "traducir", "traduis", "traduire", "übersetze",
        "traduci", "tradurre", "traduza", "vertaal", "przetłumacz", "correggi");
    // Translating or fixing the text inside code is not code work (Decision: no code rewrite).
    add(p, TaskCategory.TRANSFORMATION, STRONG, Decision.TEXT_IN_CODE.toArray(String[]::new));
    add(p, TaskCategory.REASONING, STRONG, "why", "prove", "proof", "step by step", "how many", "how much",
        "what if", "trade off", "trade offs", "tradeoff", "tradeoffs", "pros and cons", "should we", "should i",
        "compare", "comparison", "versus", "vs", "root cause", "probability", "puzzle",
        "riddle", "deduce", "infer", "optimal", "how would", "how does", "how do", "how can", "how should",
        "is it possible", "what would happen", "explain why", "logically", "derive",
        "theorem", "equation", "solve", "worth it", "estimate", "calculate",
        "expected value", "break even", "what happens if", "rank these", "decide", "what will happen",
        "likely to happen", "advantages and disadvantages", "strengths and weaknesses", "benefits and drawbacks");
    // A figure that has to be computed from the given numbers, whatever verb asks for it ("Extract the
    // median response time", "Pull out the percentage growth", "rewrite the amounts for 10 people").
    add(p, TaskCategory.REASONING, RECOMMENDATION, "median", "average", "averages", "mean of", "percentage growth",
        "percentage change", "percentage increase", "percentage decrease", "percent change", "growth rate",
        "standard deviation", "per person", "per head", "split the bill", "each owe", "each pay",
        "the total of the", "total of all", "sum of the", "best value", "better value", "cheapest option",
        "most cost effective", "better deal", "best deal", "cheapest per",
        "cheaper per", "lowest cost per", "as even as possible", "as evenly as possible");
    add(p, TaskCategory.REASONING, STRONG, "in total", "scale up",
        "scale down", "scale the recipe", "double the recipe", "halve the recipe", "triple the recipe",
        "find a slot", "find a time", "a time that works", "works for everyone", "free slot", "common slot",
        "a rota", "rota for", "which evenings work", "which days work", "which dates work", "everyone is free",
        "all of us are free", "we are all free", "show your working", "show your work", "show the working",
        "show workings", "show the calculation", "show the maths", "show the math",
        "round table", "sits next to", "sit next to", "to the left of", "to the right of", "directly opposite");
    // Judging whether an argument holds is logic, even when asked as a label ("Classify each argument as
    // VALID or INVALID").
    add(p, TaskCategory.REASONING, RECOMMENDATION, "valid or invalid", "conclusion follows", "logically follows",
        "follows logically", "logical sense", "logically valid", "sound or unsound");
    // Puzzles and maths problems, whatever the verb in front of them ("Identify the odd one out",
    // "Classify your answers into a-e" over a maths question).
    add(p, TaskCategory.REASONING, STRONG, "does not belong", "doesn't belong", "odd one out", "the sequence",
        "next number", "next two numbers", "next three numbers", "missing number", "is it certain", "must be true",
        "necessarily true", "necessarily", "word problem", "math problem", "maths problem", "math", "maths",
        "arithmetic", "algebra", "geometry", "solution to", "solution of", "tell the truth", "tells the truth",
        "always lie", "always lies", "knight", "knights", "knave", "knaves", "liar", "liars", "performed better",
        "performs better", "did better", "significant", "statistically");
    // Judgement: asking whether something is right, good or better is never a lookup.
    add(p, TaskCategory.REASONING, STRONG, "valid", "is better", "better for", "better option", "better choice",
        "worth", "fair", "mistake", "mistakes", "wrong with", "flaw", "flaws", "makes sense", "make sense",
        "consistent", "correct answer", "is it true", "appropriate", "acceptable", "reasonable", "enforceable",
        "ethical", "risky", "a good idea", "good idea", "wise", "realistic", "convincing", "persuasive", "holds up",
        "hold up", "justified", "right to", "in the right", "add up", "adds up", "is it legal", "is this legal",
        "is that legal", "legally", "lawful", "unlawful", "illegal", "allowed to", "a schedule", "an itinerary",
        "a plan", "a roadmap", "a timetable");
    // Finding what is wrong or dangerous is judgement, whatever verb asks for it ("Extract the logical
    // fallacy", "highlight any risks"); Engine weighs these as a recommendation when a searching word
    // is in front ("any", "potential", "logical"), and not at all when the text reports them ("the risks
    // mentioned in the report") or they name a field ("the liability cap").
    // Predicting success is judgement even when asked as a label ("Classify these startups by their
    // likelihood of success").
    add(p, TaskCategory.REASONING, RECOMMENDATION, "likelihood of success", "chance of success",
        "chances of success", "likely to succeed", "viability");
    add(p, TaskCategory.REASONING, STRONG, "risks", "fallacy", "fallacies", "loophole", "loopholes", "weaknesses",
        "inconsistencies", "liability", "liabilities", "assumption", "assumptions");
    // A text rarely calls its own claims "red flags": finding them is judgement whatever verb asks ("Extract the red flags").
    add(p, TaskCategory.REASONING, RECOMMENDATION, "red flags", "warning signs");
    // Asking what something does is explanation: capable, but weaker than the code it may be about.
    add(p, TaskCategory.GENERAL, 1.5, "what does this do", "what does it do", "how does this work");
    add(p, TaskCategory.GENERAL, STRONG, "what do you think", "your opinion", "critique", "feedback on",
        "do you think", "advice", "honest opinion", "what you think", "your thoughts", "your take", "your view",
        "your views", "your impression", "have a point", "has a point");
    // "Don't just summarise it - tell me whether it holds up": the cheap task is not the whole ask.
    add(p, TaskCategory.GENERAL, STRONG, "don't just", "dont just", "do not just", "not just");
    // A recommendation on top of a cheap task ("classify these offers and tell me which one we should
    // pick") makes the whole request a decision: heavy enough to overrule the cheap evidence.
    add(p, TaskCategory.REASONING, RECOMMENDATION, "we should", "should pick", "should choose", "which one to",
        "should go with", "recommend", "which is better");
    add(p, TaskCategory.REASONING, WEAK, "explain", "analyze", "analyse", "evaluate", "reason");
    // Heavy nouns say what a text is about, not what to do with it ("summarise this strategy report",
    // "the minimum years of experience"): context only, too light to overrule a cheap task.
    add(p, TaskCategory.REASONING, CONTEXT, "analysis", "cause", "impact", "plan", "design", "strategy",
        "implications", "minimum", "maximum");
    add(p, TaskCategory.CODE, STRONG, "function", "python", "java", "javascript", "typescript",
        "kotlin", "golang", "rust", "sql", "regex", "regular expression", "bug", "stack trace", "exception",
        "compile", "compiler", "unit test", "unit tests", "algorithm", "endpoint", "script", "bash",
        "dockerfile", "kubernetes", "refactor", "implement", "code", "snippet", "nullpointerexception",
        "segfault", "recursion", "time complexity", "big o", "data structure", "lru cache", "html", "css",
        "react", "async", "thread safe", "race condition", "memory leak", "o 1", "o n", "spring boot",
        "maven", "gradle", "npm", "git", "one liner", "oneliner", "mysql", "postgresql", "postgres", "sqlite", "shell", "powershell",
        "command line", "terminal", "docker", "linux", "formula", "spreadsheet formula");
    add(p, TaskCategory.CODE, STRONG, "list comprehension", "vanilla js", "js", "jquery", "node js", "nodejs",
        "php", "scala", "haskell", "pandas", "numpy", "django", "flask", "vue", "angular",
        "terraform", "lambda", "arrow function", "async await", "type hints");
    add(p, TaskCategory.CODE, CONTEXT, "method");
    add(p, TaskCategory.CODE, WEAK, "api", "query", "class", "library", "schema", "database", "index", "loop",
        "variable", "error");
    add(p, TaskCategory.CREATIVE, STRONG, "poem", "story", "short story", "haiku", "song", "lyrics", "tagline",
        "taglines", "slogan", "slogans", "limerick", "fiction", "fictional", "character", "brainstorm",
        "creative", "joke", "jokes", "names for", "catchy", "metaphor", "screenplay", "fairy tale", "sonnet",
        "marketing copy", "product copy", "ad copy", "copywriting", "copywriter", "brand voice", "blog post", "toast", "speech", "birthday message",
        "in the voice of", "in the style of");
    // New writing asked as a rewrite or a summary ("Rewrite this plot summary as a full scene with dialogue").
    add(p, TaskCategory.CREATIVE, STRONG, "scene", "with dialogue", "movie trailer", "voiceover",
        "voice over", "as a script");
    add(p, TaskCategory.CREATIVE, WEAK, "product description", "funny", "imagine", "ideas", "playful", "rhyme", "rhymes");
    add(p, TaskCategory.CREATIVE, STRONG, "name ideas", "name suggestions", "motto", "mottos");
    cjk(p);
    return p;
  }

  /**
   * Chinese, Japanese and Korean phrases, matched by substring inside runs of those scripts
   * (CjkPhrases): the verbs come last there and words are not separated, so phrases do the work of
   * leading verbs. Capable phrases (why, analyse, recommend, code, how many) are here too so the
   * conservative guard works in these languages.
   */
  private static void cjk(List<PhraseTable.Phrase> p) {
    add(p, TaskCategory.EXTRACTION, STRONG, "提取", "抽出", "抜き出", "取り出", "추출");
    add(p, TaskCategory.EXTRACTION, WEAK, "人名", "日付", "日期", "列出", "找出");
    add(p, TaskCategory.CLASSIFICATION, STRONG, "分类", "分類", "归类", "ポジティブ", "ネガティブ", "情感", "情绪", "感情",
        "情感分析", "垃圾邮件", "スパム", "正面还是负面", "분류");
    add(p, TaskCategory.CLASSIFICATION, WEAK, "正面", "负面", "肯定的", "否定的", "긍정", "부정");
    add(p, TaskCategory.SUMMARIZATION, STRONG, "要約", "要点", "まとめ", "总结", "總結", "概括", "摘要", "归纳", "概要", "요약",
        "主要内容", "大意");
    add(p, TaskCategory.SUMMARIZATION, WEAK, "标题", "標題", "タイトル", "見出し", "제목");
    add(p, TaskCategory.TRANSFORMATION, STRONG, "翻译", "翻譯", "翻訳", "訳して", "译成", "번역", "文法", "语法", "添削", "校正",
        "改写", "書き直", "言い換え", "敬語", "润色", "英語に", "日本語に");
    add(p, TaskCategory.TRANSFORMATION, STRONG, "转换成", "转成", "轉換成", "繁体", "繁體", "简体", "簡體", "改成");
    add(p, TaskCategory.CLASSIFICATION, STRONG, "属于哪", "屬於哪", "哪一类", "哪一類", "哪个类别", "类别", "類別",
        "カテゴリ", "どれに該当", "어느 카테고리", "카테고리");
    add(p, TaskCategory.REASONING, STRONG, "为什么", "為什麼", "なぜ", "どうして", "分析", "比较", "比較", "优缺点", "長所と短所",
        "メリットとデメリット", "证明", "証明", "计算", "計算", "多少", "几个", "幾つ", "いくつ", "何個", "解いて", "方程", "应该",
        "べき");
    add(p, TaskCategory.REASONING, RECOMMENDATION, "推荐", "おすすめ", "推薦");
    add(p, TaskCategory.REASONING, WEAK, "判断", "理由", "解释", "説明して", "评估", "評価");
    add(p, TaskCategory.GENERAL, STRONG, "建议", "アドバイス", "意见", "意見");
    add(p, TaskCategory.CODE, STRONG, "代码", "程式", "コード", "実装", "函数", "関数", "编程", "プログラム", "程序", "バグ", "코드");
    add(p, TaskCategory.CODE, WEAK, "实现");
    add(p, TaskCategory.CREATIVE, STRONG, "诗", "詩", "故事", "物語", "小説", "小说", "俳句", "歌词", "歌詞");
  }

  /** Phrases in a system prompt that ask for JSON or for a single label. */
  public static List<PhraseTable.Phrase> systemPhrases() {
    List<PhraseTable.Phrase> p = new java.util.ArrayList<>();
    add(p, TaskCategory.EXTRACTION, 1.0, "json", "valid json", "only json", "json only", "extraction",
        "extract", "structured");
    add(p, TaskCategory.CLASSIFICATION, 1.5, "one word", "single word", "only the label", "one label",
        "single label", "only the category", "exactly one", "one of the following", "classifier",
        "classification", "respond with only", "answer with only");
    add(p, TaskCategory.SUMMARIZATION, 1.0, "summarizer", "summarize", "summarise", "summaries");
    add(p, TaskCategory.TRANSFORMATION, 1.0, "translator", "translate", "rewrite", "copy editor", "proofreader");
    add(p, TaskCategory.CODE, 1.0, "programmer", "software engineer", "developer", "code reviewer", "coding");
    return p;
  }

  private static void put(Map<String, TaskCategory> m, TaskCategory c, String... verbs) {
    for (String v : verbs) {
      m.put(v, c);
    }
  }

  private static void add(List<PhraseTable.Phrase> p, TaskCategory c, double weight, String... phrases) {
    for (String s : phrases) {
      p.add(PhraseTable.phrase(s, c, weight));
    }
  }
}
