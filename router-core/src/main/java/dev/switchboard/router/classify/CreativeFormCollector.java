package dev.switchboard.router.classify;

/**
 * {@code creative-form}: a rewrite or a summary whose result is a new piece of writing in a
 * creative form is creative work, whatever verb asks for it: "Rewrite this safety notice as a
 * rhyming poem", "Summarise our company in a haiku", "Turn these specs into a product description",
 * "Reescribe el aviso como un poema". It needs a transformation or summary verb in front (the
 * leading-verb collector's finding), a word that names the result's form ("as", "into", "in",
 * "als", "como", "en"…) and, at most four words after it, the form itself (poem, haiku, limerick,
 * song, story, jingle, product description…). A form in a list of labels is not a result ("label
 * each text as a poem or prose"), and neither is a form the text already has ("translate this poem
 * into French" names the source, not the result). Treated like a compound request: the cheap
 * category loses.
 */
final class CreativeFormCollector implements SignalCollector {
  /** How far after the form word the form may come: "as a rhyming poem", "into a little sea shanty". */
  private static final int REACH = 4;

  @Override
  public void collect(SegmentedPrompt prompt, Evidence evidence) {
    if (!evidence.any(s -> SignalName.LEADING_VERB.is(s) && (s.category().equals(TaskCategory.TRANSFORMATION)
        || s.category().equals(TaskCategory.SUMMARIZATION)))) {
      return;
    }
    Words w = prompt.instruction();
    for (int i = 0; i + 1 < w.size(); i++) {
      if (!RESULT_AS.contains(w.get(i))) {
        continue;
      }
      for (int k = i + 1; k < w.size() && k <= i + REACH; k++) {
        if (w.startsSentence(k) || w.followsComma(k) || GIVEN.contains(w.get(k))) {
          break; // "in this story" names the text, not the result
        }
        String form = form(w, k);
        if (form != null) {
          if (!labelList(w, k + 1)) {
            evidence.add(SignalName.CREATIVE_FORM.signal(TaskCategory.CREATIVE, 2.5, w.get(i) + " ... " + form));
            return;
          }
          break;
        }
      }
    }
  }

  /** Whether the words from {@code from} go on a list of labels: "or prose", ", story or essay". */
  private static boolean labelList(Words w, int from) {
    if (from >= w.size()) {
      return false;
    }
    if (LABEL_LIST.contains(w.get(from))) {
      return true;
    }
    if (!w.followsComma(from)) {
      return false;
    }
    for (int k = from; k < w.size() && k <= from + 2; k++) {
      if (LABEL_LIST.contains(w.get(k))) {
        return true;
      }
    }
    return false;
  }

  /** The creative form named by word {@code k}, or null. */
  private static String form(Words w, int k) {
    String t = w.get(k);
    if (FORMS.contains(t) && !(k > 0 && GRAMMAR.contains(w.get(k - 1)))) {
      return t;
    }
    if ((t.equals("description") || t.equals("descriptions") || t.equals("copy")) && k > 0
        && SELLING.contains(w.get(k - 1))) {
      return w.get(k - 1) + " " + t;
    }
    if (LETTERS.contains(t) && k > 0 && PURPOSES.contains(w.get(k - 1))) {
      return w.get(k - 1) + " " + t; // "a thank-you letter", "a job ad", "a fundraising email"
    }
    return null;
  }

  /** Words that introduce the form of the result: "as a", "into a", "in a", "als", "como", "en forma de". */
  private static final WordTable<Boolean> RESULT_AS = WordTable.set("as", "into", "in", "als", "zu", "como", "en",
      "em", "comme", "sous", "come", "jako", "w");

  /** After the form: a list of labels ("as a poem or prose", "as a poem, story or essay"). */
  private static final WordTable<Boolean> LABEL_LIST = WordTable.set("or", "vs", "versus", "oder", "o", "ou", "lub",
      "albo");

  /** Words that point at the given text: the form after them is the source, not the result. */
  private static final WordTable<Boolean> GIVEN = WordTable.set("the", "this", "that", "these", "those", "my", "our",
      "your", "his", "her", "their", "its", "following", "le", "la", "les", "ce", "cette", "der", "die", "das", "dem",
      "den", "diesem", "dieser", "el", "los", "las", "este", "esta", "il", "lo", "questo", "questa", "ten", "ta", "tym");

  /**
   * Pieces of writing that are new work when written for a purpose ({@link #PURPOSES}): "turn these
   * notes into a job ad", "rewrite the bullet points as a thank-you letter". Alone they are a
   * register ("rewrite this as a formal email" keeps the content).
   */
  private static final WordTable<Boolean> LETTERS = WordTable.set("letter", "letters", "email", "emails", "note",
      "notes", "ad", "ads", "post", "posts", "posting", "listing", "message", "card", "invitation");

  private static final WordTable<Boolean> PURPOSES = WordTable.set("job", "cover", "thank", "you", "thanks",
      "fundraising", "donation", "appeal", "love", "wedding", "birthday", "retirement", "farewell", "welcome",
      "recruitment", "recruiting", "hiring", "motivation", "motivational", "recommendation", "reference",
      "condolence", "sympathy", "congratulations", "congratulatory", "apology");

  /** "into reported speech", "as direct speech": a grammar exercise, not a speech to write. */
  private static final WordTable<Boolean> GRAMMAR = WordTable.set("reported", "direct", "indirect");

  private static final WordTable<Boolean> SELLING = WordTable.set("product", "listing", "sales", "marketing", "ad",
      "advertising", "poster", "flyer", "leaflet", "brochure", "website", "web", "landing", "banner", "newsletter",
      "menu", "social", "instagram", "facebook", "linkedin");

  private static final WordTable<Boolean> FORMS = WordTable.set(
      "poem", "poems", "haiku", "haikus", "limerick", "limericks", "sonnet", "sonnets", "ode", "ballad", "verse",
      "verses", "rhyme", "rhymes", "song", "songs", "lyrics", "rap", "jingle", "jingles", "shanty", "ditty", "lullaby",
      "anthem", "chant", "story", "stories", "fable", "advert", "adverts", "advertisement", "blurb", "blurbs",
      "pitch", "speech", "toast", "eulogy", "slogan", "slogans", "tagline", "taglines", "appeal", "motto", "mottos",
      "fairytale", "tale", "riddle", "riddles", "acrostic", "monologue", "screenplay", "sketch",
      "gedicht", "gedichte", "reim", "reime", "lied", "geschichte", "märchen",
      "poème", "poèmes", "poésie", "chanson", "conte", "histoire", "fable",
      "poema", "poemas", "poesía", "poesia", "soneto", "sonetto", "canción", "canzone", "cuento", "fábula",
      "filastrocca", "rima", "rime", "versos", "versi", "storia", "favola",
      "wiersz", "wiersza", "wierszyk", "wierszyka", "piosenka", "piosenki", "bajka", "bajki", "rymowanka");
}
