package dev.switchboard.router.classify;

/**
 * The shape of the text: {@code stack-trace}, {@code code-block} or {@code code-like} anywhere in
 * the turn; {@code math} and {@code several-questions} in the instruction only (a pasted chat log
 * or price list is input); {@code too-short} for an instruction of four words or fewer with no
 * question mark.
 */
final class TextShapeCollector implements SignalCollector {
  @Override
  public void collect(SegmentedPrompt prompt, Evidence evidence) {
    String head = prompt.instructionText();
    Words instruction = prompt.instruction();
    CodeShape code = CodeShape.of(prompt.text());
    if (code.stackTrace()) {
      evidence.add(SignalName.STACK_TRACE.signal(TaskCategory.CODE, 3.0, code.detail()));
    } else if (code.fencedCode()) {
      evidence.add(SignalName.CODE_BLOCK.signal(TaskCategory.CODE, 2.0, code.detail()));
    } else if (code.codeLike()) {
      evidence.add(SignalName.CODE_LIKE.signal(TaskCategory.CODE, 1.5, code.detail()));
    }
    CodeShape.Marks marks = CodeShape.marks(head);
    int math = marks.operators();
    if (math >= 2 || marks.mathSymbol()) {
      evidence.add(SignalName.MATH.signal(TaskCategory.REASONING, 2.0, math + " operators"));
    }
    int questions = marks.questions();
    if (questions >= 3) {
      evidence.add(SignalName.SEVERAL_QUESTIONS.signal(TaskCategory.GENERAL, 2.0, questions + " questions"));
    }
    if (!prompt.document() && instruction.size() > 0 && instruction.size() <= 4 && questions == 0
        && !instruction.hasCjk()) {
      evidence.add(SignalName.TOO_SHORT.signal(TaskCategory.GENERAL, 0.5, instruction.size() + " words"));
    }
  }
}
