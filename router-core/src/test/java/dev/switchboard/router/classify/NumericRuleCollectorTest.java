package dev.switchboard.router.classify;

import static dev.switchboard.router.classify.Collecting.collect;
import static dev.switchboard.router.classify.Collecting.prompt;
import static dev.switchboard.router.classify.Collecting.signals;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.chat.ChatRequest;
import org.junit.jupiter.api.Test;

/** The numeric-rule collector after the collectors it reads, and in the whole classifier. */
class NumericRuleCollectorTest {
  private final LeadingVerbCollector verbs = new LeadingVerbCollector(Collecting.DEFAULTS);
  private final PhraseCollector phrases = new PhraseCollector(Collecting.DEFAULTS);
  private final ScaleCollector scale = new ScaleCollector();
  private final NumericRuleCollector rules = new NumericRuleCollector();

  private Evidence collected(String user) {
    return collect(prompt(user), verbs, phrases, scale, rules);
  }

  @Test
  void aLabelByARuleWithANumberOverRowsOfFiguresIsArithmetic() {
    assertThat(signals(collected("Classify each driver as OK or OVER LIMIT. The limit is 9 hours of driving a day.\n\n"
        + "Driver | Mon | Tue | Wed\nAnouk | 4.5 + 3 | 8 | 9.5\nBram | 6 + 2.5 | 7 | 5\nCees | 9 | 4 + 4 | 8")))
        .contains("math-problem->reasoning(2.0, a label by a rule over figures: limit)");
    assertThat(signals(collected("Label each applicant ELIGIBLE or NOT: at least 3 years in the county by 1 May 2025.\n\n"
        + "Ines, moved in 12 Mar 2021\nPiet, moved in 2 Jun 2022\nSaar, moved in 30 Apr 2022")))
        .contains("math-problem->reasoning(2.0, a label by a rule over figures: eligible)");
    assertThat(signals(collected("Classify each call as LONG or OK: long means longer than 12 minutes on hold plus talk.\n\n"
        + "C-1 hold 4:10 talk 9:30\nC-2 hold 0:45 talk 6:05\nC-3 hold 8:00 talk 5:12")))
        .contains("math-problem->reasoning(2.0, a label by a rule over figures: longer than)");
    assertThat(signals(collected("Classify each invoice as OVERDUE or NOT as of 3 June 2024. Terms run from the invoice date.\n\n"
        + "INV-1 issued 2 May 2024, terms 30 days\nINV-2 issued 20 Apr 2024, terms 45 days\n"
        + "INV-3 issued 28 May 2024, terms 14 days")))
        .contains("math-problem->reasoning(2.0, a label by a rule over figures: overdue)");
  }

  @Test
  void aRubricWithoutNumbersOneFigurePerLineOrAScaleStayLabels() {
    // the rule holds no number
    assertThat(collected("Classify each ticket as P1 or P2 by our policy: P1 when checkout is down.\n\n"
        + "T-11 checkout fails at step 2, 14:02\nT-12 typo on the about page, 09:10\nT-13 card declined x3, 11:45")
        .signals()).noneMatch(SignalName.MATH_PROBLEM::is);
    // one figure per line: a filter, not a sum
    assertThat(collected("Classify each order as HIGH or NORMAL: HIGH when it exceeds 500 EUR.\n\n"
        + "Order A: 620 EUR\nOrder B: 80 EUR\nOrder C: 515 EUR").signals()).noneMatch(SignalName.MATH_PROBLEM::is);
    // a rating scale's numbers are not a rule
    assertThat(collected("Rate each reply from 1 to 5 for politeness, within the tone policy.\n\n"
        + "1. Thanks, 2 days max.\n2. No. 3 weeks.\n3. Sure, 10 mins, 5 euros.").signals())
        .noneMatch(SignalName.MATH_PROBLEM::is);
    // nothing pasted
    assertThat(collected("Classify budgets within 5% as ON TARGET.").signals()).noneMatch(SignalName.MATH_PROBLEM::is);
  }

  @Test
  void theLabelLosesInTheWholeClassifier() {
    Classification c = RuleBasedClassifier.withDefaults().classify(ChatRequest.builder()
        .user("Classify each store as ABOVE or BELOW budget. Budget is 40k per month; Q1 = Jan+Feb+Mar.\n\n"
            + "Store | Jan | Feb | Mar\nLeeds | 38,100 | 41,900 | 40,300\nYork | 44,000 | 36,500 | 39,200\n"
            + "Hull | 40,000 | 40,000 | 39,999")
        .build());
    assertThat(c.category()).isEqualTo(TaskCategory.REASONING);
  }
}
