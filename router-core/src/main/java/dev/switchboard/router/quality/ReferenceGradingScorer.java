package dev.switchboard.router.quality;

import dev.switchboard.router.ChatClient;
import dev.switchboard.router.chat.ChatMessage;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import dev.switchboard.router.classify.TaskCategory;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks a model to grade the cheap answer against the reference answer on a 0 to 10 scale. Useful
 * where texts can be right in many wordings (reasoning, creative). The grade is read robustly
 * ("8", "8/10", "Score: 7.5", "80%"); a reply with no usable number, or a failed call, gives no
 * score rather than an error. {@link QualityPolicy.Builder#gradeWithReference()} uses the
 * reference backend and charges each grading call; build one yourself to grade with another model.
 */
public final class ReferenceGradingScorer implements QualityScorer {
  private static final System.Logger LOG = System.getLogger(ReferenceGradingScorer.class.getName());
  private static final Pattern GRADE = Pattern.compile(
      "(?<!\\d)(\\d{1,3}(?:\\.\\d+)?)\\s*(?:(%)|(?:/|out of)\\s*(\\d{1,3}(?:\\.\\d+)?))?");
  static final String INSTRUCTIONS = "You grade answers. Compare the CANDIDATE answer with the REFERENCE answer to "
      + "the same request. Reply with one number from 0 (wrong or useless) to 10 (as good as the reference), "
      + "and nothing else.";

  private final ChatClient grader;

  private ReferenceGradingScorer(ChatClient grader) {
    this.grader = Objects.requireNonNull(grader, "grader");
  }

  /** Grades with {@code grader}; its calls are yours to account for. */
  public static ReferenceGradingScorer using(ChatClient grader) {
    return new ReferenceGradingScorer(grader);
  }

  @Override
  public Optional<QualityScore> score(TaskCategory category, ChatRequest request, String candidate, String reference) {
    String asked = request.lastUserMessage().map(ChatMessage::text).orElse("");
    ChatRequest grading = ChatRequest.builder()
        .system(INSTRUCTIONS)
        .user("REQUEST (" + category + "):\n" + asked + "\n\nREFERENCE:\n" + nullToEmpty(reference)
            + "\n\nCANDIDATE:\n" + nullToEmpty(candidate) + "\n\nGrade (0-10):")
        .temperature(0)
        .build();
    ChatResponse reply;
    try {
      reply = grader.chat(grading);
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "grading call failed; sample left unscored", e);
      return Optional.empty();
    }
    return parseGrade(reply.content()).map(g -> QualityScore.of(g, "graded " + Tokens.format(g * 10) + "/10 by the reference"));
  }

  /** The first grade in {@code text} as a share in [0, 1]: "7" and "7/10" are 0.7, "70%" is 0.7; else empty. */
  static Optional<Double> parseGrade(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = GRADE.matcher(text);
    if (!m.find()) {
      return Optional.empty();
    }
    double value = Double.parseDouble(m.group(1));
    double scale = m.group(2) != null ? 100 : m.group(3) != null ? Double.parseDouble(m.group(3)) : 10;
    if (scale <= 0 || value > scale) {
      return Optional.empty();
    }
    return Optional.of(value / scale);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
