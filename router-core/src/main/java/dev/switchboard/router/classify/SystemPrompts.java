package dev.switchboard.router.classify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.router.chat.ChatMessage;
import dev.switchboard.router.chat.ChatRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The system and developer prompts of a request as the rules read them: their words, and what is
 * derived from them alone (the system-prompt phrases, the task they set, the start of what the
 * model reads). Applications send the same system prompt on every call, so an {@link Engine} keeps
 * these in a bounded {@link Memo} and reads a repeated prompt once. The words are fixed at
 * construction; each derived value is kept on first use by the collectors of the one engine that
 * owns the memo (two threads may both compute it: they compute the same immutable value, and
 * either may be kept; volatile fields publish it whole).
 */
final class SystemPrompts {
  /** No system prompt. Shared by every engine: all derived values of no words are empty. */
  static final SystemPrompts NONE = new SystemPrompts(List.of(), 0);

  private final List<Words> words;
  private final int chars;
  private volatile List<Signal> phrases;
  private volatile List<Signal> task;
  private volatile Object modelPrefix;

  private SystemPrompts(List<Words> words, int chars) {
    this.words = words;
    this.chars = chars;
  }

  /** Reads the system and developer prompts of {@code request}, without a memo. */
  static SystemPrompts of(ChatRequest request) {
    Object key = key(request);
    return key == null ? NONE : read(key);
  }

  /** The words of each system or developer prompt, in order. */
  List<Words> words() {
    return words;
  }

  /** The system-prompt collector's signals, null until {@link #keepPhrases}. */
  List<Signal> phrases() {
    return phrases;
  }

  /** Keeps the system-prompt collector's signals (a copy), returned. */
  List<Signal> keepPhrases(List<Signal> found) {
    List<Signal> p = List.copyOf(found);
    phrases = p;
    return p;
  }

  /** The task the system prompts set, read as an instruction (system-task collector); null until {@link #keepTask}. */
  List<Signal> task() {
    return task;
  }

  /** Keeps the system-task collector's reading (a copy), returned. */
  List<Signal> keepTask(List<Signal> found) {
    List<Signal> t = List.copyOf(found);
    task = t;
    return t;
  }

  /** What the learned component keeps of its reading of the system prompts; null until {@link #keepModelPrefix}. */
  Object modelPrefix() {
    return modelPrefix;
  }

  void keepModelPrefix(Object prefix) {
    modelPrefix = prefix;
  }

  /** The system prompts' texts as far as anything reads them: one string, a list of several, or null for none. */
  private static Object key(ChatRequest request) {
    String first = null;
    List<String> several = null;
    List<ChatMessage> messages = request.messages();
    for (int i = 0; i < messages.size(); i++) { // by index: no iterator per request
      ChatMessage m = messages.get(i);
      if (m.role().equals(ChatMessage.SYSTEM) || m.role().equals(ChatMessage.DEVELOPER)) {
        String t = m.text();
        // nothing reads past the first Segmenter.SYSTEM_CHARS characters (the model reads fewer)
        t = t.length() > Segmenter.SYSTEM_CHARS ? t.substring(0, Segmenter.SYSTEM_CHARS) : t;
        if (first == null) {
          first = t;
        } else {
          if (several == null) {
            several = new ArrayList<>();
            several.add(first);
          }
          several.add(t);
        }
      }
    }
    return several != null ? List.copyOf(several) : first;
  }

  private static SystemPrompts read(Object key) {
    List<String> texts = key instanceof String s ? List.of(s) : castList(key);
    List<Words> out = new ArrayList<>(texts.size());
    int chars = 0;
    for (String t : texts) {
      out.add(Words.of(t, 0, t.length(), Segmenter.SYSTEM_WORDS));
      chars += t.length();
    }
    return new SystemPrompts(List.copyOf(out), chars);
  }

  @SuppressWarnings("unchecked")
  private static List<String> castList(Object key) {
    return (List<String>) key;
  }

  /**
   * An engine's memo of system prompts: bounded by the characters of prompt text it holds
   * ({@link #MAX_CHARS}; Caffeine's size eviction drops the least used), thread-safe (Caffeine).
   * It holds the prompts' text (at most {@link Segmenter#SYSTEM_CHARS} characters of each), their
   * words and what is derived from them on the heap, never anything else of a request (no other
   * turn, no header, no key).
   */
  static final class Memo {
    /** About a million characters of system prompts: a few MB with their words and signals. */
    static final int MAX_CHARS = 1 << 20;
    /** What an entry costs besides its characters, in characters: a prompt of none still counts. */
    private static final int ENTRY = 64;

    private final Cache<Object, SystemPrompts> cache = Caffeine.newBuilder()
        .maximumWeight(MAX_CHARS)
        .weigher((Object key, SystemPrompts value) -> value.chars + ENTRY)
        .build();

    /** The system prompts of {@code request}, read once per distinct text. */
    SystemPrompts of(ChatRequest request) {
      Object key = key(request);
      if (key == null) {
        return NONE;
      }
      SystemPrompts s = cache.getIfPresent(key);
      if (s == null) {
        s = read(key);
        cache.put(key, s);
      }
      return s;
    }
  }
}
