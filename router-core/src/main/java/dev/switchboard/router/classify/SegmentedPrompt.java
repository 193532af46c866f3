package dev.switchboard.router.classify;

import dev.switchboard.router.chat.ChatRequest;
import java.util.List;

/**
 * A request as the rules read it, found by the {@link Segmenter}, immutable: the turn that holds
 * the instruction (the last user turn, or an earlier one for a follow-up), whether pasted input or
 * a long document is in it, the part that is the user's instruction and its words (with what each
 * can mean to the rules, {@link WordRoles}), and the words of the system prompts.
 */
final class SegmentedPrompt {
  private final ChatRequest request;
  private final String text;
  private final boolean document;
  private final int inputStart;
  private final String instructionText;
  private final Words instruction;
  private final int[] roles;
  private final int closingQuestion;
  private final SystemPrompts system;

  SegmentedPrompt(ChatRequest request, String text, boolean document, int inputStart, String instructionText,
      Words instruction, int closingQuestion, SystemPrompts system) {
    this.request = request;
    this.text = text;
    this.document = document;
    this.inputStart = inputStart;
    this.instructionText = instructionText;
    this.instruction = instruction;
    this.roles = WordRoles.of(instruction);
    this.closingQuestion = closingQuestion;
    this.system = system;
  }

  ChatRequest request() {
    return request;
  }

  /** The whole turn read, input and all. */
  String text() {
    return text;
  }

  /** The turn is a long pasted document with a command around it ({@link Segmenter#DOCUMENT_CHARS}). */
  boolean document() {
    return document;
  }

  /** Where pasted input starts in a short turn; -1 when none is marked (and for a document). */
  int inputStart() {
    return inputStart;
  }

  /** A short turn with marked pasted input ("Classify this review: '...'"). */
  boolean pastedInput() {
    return inputStart > 0;
  }

  /** Pasted input or a long document: the instruction is over given text. */
  /**
   * Whether the last user turn gives no text to work on: no pasted input, no line break, no colon,
   * and nothing quoted but titles ("key takeaways from 'Thinking, Fast and Slow'").
   */
  boolean givesNoText() {
    String t = text();
    return !hasInput() && t.indexOf('\n') < 0 && t.indexOf(':') < 0 && !Cues.quotedSpan(t, true);
  }

  boolean hasInput() {
    return inputStart > 0 || document;
  }

  /**
   * Whether there is text besides the instruction: pasted input, a document, or unmarked text
   * before a closing instruction ("…rows…\n\nextract revenue per product"). Narrower rules read
   * it where {@link #hasInput()} would miss the instruction written last.
   */
  boolean textBesideInstruction() {
    return hasInput() || instructionText.length() < text.length();
  }

  /** The turn without its instruction: what was pasted or quoted around it (the whole turn when the instruction is not in it). */
  String given() {
    int at = text.indexOf(instructionText);
    if (at >= 0) {
      return text.substring(0, at) + "\n" + text.substring(at + instructionText.length());
    }
    // an instruction in pieces (a short first line and a closing request): each piece cut out where it stands
    String rest = text;
    for (String piece : instructionText.split("\n")) {
      int p = piece.isBlank() ? -1 : rest.indexOf(piece);
      if (p >= 0) {
        rest = rest.substring(0, p) + "\n" + rest.substring(p + piece.length());
      }
    }
    return rest;
  }

  /** The part of the turn that is the user's instruction (the whole turn when nothing is input). */
  String instructionText() {
    return instructionText;
  }

  /** The words of the instruction, at most {@link Segmenter#MAX_INSTRUCTION_WORDS}. */
  Words instruction() {
    return instruction;
  }

  /** What word {@code i} of the instruction can mean to the rules: {@link WordRoles} bits, 0 for none. */
  int roles(int i) {
    return roles[i];
  }

  /** A closing question on its own line after a few lines of text ("...\nWhat is the main idea?"), or "". */
  String closingQuestion() {
    return closingQuestion > 0 ? text.substring(closingQuestion) : "";
  }

  /** Whether the turn, trailing white space aside, ends with a question mark. */
  boolean endsWithQuestion() {
    return text.charAt(Segmenter.contentEnd(text) - 1) == '?';
  }

  /** The words of each system or developer prompt, in order. */
  List<Words> system() {
    return system.words();
  }

  /** The system prompts, with what is derived from them alone (memoised by the engine). */
  SystemPrompts systemPrompts() {
    return system;
  }

  /** An earlier turn of the same request read as the instruction, with the same system prompts. */
  SegmentedPrompt withTurn(String turn) {
    return Segmenter.segment(request, turn, system);
  }
}
