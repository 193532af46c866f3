package dev.switchboard.router.classify;

import static dev.switchboard.router.classify.Collecting.collect;
import static dev.switchboard.router.classify.Collecting.prompt;
import static dev.switchboard.router.classify.Collecting.signals;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The maths-problem and counting collector on its own, and after the phrase collector it corrects. */
class ProblemShapeCollectorTest {
  private final ProblemShapeCollector problems = new ProblemShapeCollector();
  private final PhraseCollector phrases = new PhraseCollector(Collecting.DEFAULTS);

  @Test
  void numbersWithAQuantityAskedAreAProblemWhateverTheVerb() {
    assertThat(signals(collect(prompt("A farmer had 17 sheep, bought 5 and sold 8. How many sheep does he have now?"),
        problems))).containsExactly("math-problem->reasoning(2.0, numbers and a quantity asked)");
    assertThat(signals(collect(prompt("Extract the answer: what is the average of 4, 8 and 15?"), problems)))
        .containsExactly("math-problem->reasoning(2.0, numbers and a quantity asked)");
    assertThat(signals(collect(prompt("Solve for x: 2x + 3 = 7"), problems)))
        .containsExactly("math-problem->reasoning(2.0, solve)");
    assertThat(signals(collect(prompt("Pick the correct answer: 3 + 4 = ? (A) 6 (B) 7 (C) 8"), problems)))
        .containsExactly("math-problem->reasoning(2.0, answer choices around numbers)");
  }

  @Test
  void anArithmeticWordInsideAFieldNameAsksForNoQuantity() {
    String rows = "ID 4471 | days_remaining: 12 | status: active\nID 4472 | days_remaining: 3 | status: paused\n\n";
    assertThat(collect(prompt(rows + "list each ID with its days_remaining value"), problems).signals()).isEmpty();
    // the same word on its own is a quantity asked of the numbers
    assertThat(signals(collect(prompt("How many days remaining in total if Ana has 12 and Ben has 3?"), problems)))
        .containsExactly("math-problem->reasoning(2.0, numbers and a quantity asked)");
  }

  @Test
  void aCampaignMetricTheRowsDoNotStateIsComputed() {
    String rows = "Here's last month's ads export:\n\nChannel, Spend, Conversions\nSearch, 2400, 96\n"
        + "Social, 1150, 23\nVideo, 3000, 15\n\n";
    assertThat(signals(collect(prompt(rows + "which channel has the lowest CPA?"), problems)))
        .containsExactly("math-problem->reasoning(2.0, a figure the text does not state: cpa)");
    String stated = "Here's last month's ads export:\n\nChannel, Spend, Conversions, CPA\nSearch, 2400, 96, 25\n"
        + "Social, 1150, 23, 50\nVideo, 3000, 15, 200\n\n";
    assertThat(collect(prompt(stated + "which channel has the lowest CPA?"), problems).signals()).isEmpty();
  }

  @Test
  void aRecipesServingsMayBeStatedInTheRequestItself() {
    String list = "\n\n- 500 g penne\n- 2 tbsp olive oil\n- 1 onion";
    assertThat(signals(collect(prompt("This recipe serves 6 and we're cooking for 15 people. Redo the list?" + list),
        problems))).containsExactly("math-problem->reasoning(2.0, a recipe for 15 that serves another number)");
    assertThat(collect(prompt("This recipe serves 4 and it's for 4 people. Reformat the list as bullets." + list),
        problems).signals()).isEmpty();
  }

  @Test
  void countingInPastedTextReplacesTheHowManyPhrase() {
    SegmentedPrompt p = prompt("How many times does the word 'refund' appear in this email?\n\n"
        + "Hi, I want a refund. Refund me now or I will ask for a refund again.");
    assertThat(signals(collect(p, phrases))).contains("phrase->reasoning(2.0, how many)");
    assertThat(signals(collect(p, phrases, problems)))
        .doesNotContain("phrase->reasoning(2.0, how many)")
        .contains("counting->extraction(2.0, how many ... in the text)");
    // without the phrase there is nothing to correct, and nothing is added
    assertThat(collect(p, problems).signals()).isEmpty();
  }

  @Test
  void numbersInPastedInputAreNotTheProblems() {
    assertThat(collect(prompt("What is the total in this log?\n\n12:01 job 4 started, 12:07 job 4 ended, total 3 retries"),
        problems).signals()).isEmpty();
  }

  @Test
  void aFigureThePastedNumbersDoNotStateIsComputedWhateverTheVerb() {
    String computed = "math-problem->reasoning(2.0, a figure the text does not state: total)";
    assertThat(signals(collect(prompt("extract the total hours per person from this timesheet\n\n"
        + "name,mon,tue,wed\nAsha,7.5,8,6\nBruno,8,8,7.5\nChen,6,6,8"), problems))).containsExactly(computed);
    assertThat(signals(collect(prompt("Pull the average basket size from these orders:\n\n"
        + "#1 42.10\n#2 18.00\n#3 77.35"), problems)))
        .containsExactly("math-problem->reasoning(2.0, a figure the text does not state: average)");
    // the text states it (inside a longer word too): a lookup
    assertThat(collect(prompt("Extract the total from this invoice:\n\nWidgets 3 x 4.00\nBolts 10 x 0.20\n"
        + "Subtotal 14.00"), problems).signals()).isEmpty();
    assertThat(collect(prompt("List every growth percentage in this note:\n\nQ1 up 4%, Q2 up 7%, Q3 down 2%"),
        problems).signals()).isEmpty();
    // a field name is not a figure asked for; clock times are not "times"
    assertThat(collect(prompt("Convert to CSV (description,qty,line_total):\n\n- Workshop, 2 @ 950 = 1900\n"
        + "- Scripts, 1 @ 3200 = 3200"), problems).signals()).isEmpty();
    assertThat(collect(prompt("Change the times to 12-hour format:\n\n07:30 breakfast\n12:15 tour\n18:45 dinner"),
        problems).signals()).isEmpty();
    // fewer than three numbers given: nothing to compute from
    assertThat(collect(prompt("What is the total here?\n\nTwo chairs and 1 table"), problems).signals()).isEmpty();
  }

  @Test
  void aPercentChangeThePastedFiguresDoNotStateIsComputed() {
    assertThat(signals(collect(prompt("Put this in a markdown table with a column for the % change since last year.\n\n"
        + "Lisbon 2023: 41,200 2024: 44,900\nPorto 2023: 30,050 2024: 29,700\nFaro 2023: 12,400 2024: 15,010"),
        problems))).containsExactly("math-problem->reasoning(2.0, a figure the text does not state: percent)");
    // the table states its changes: a lookup
    assertThat(collect(prompt("Pull out the % change for each city.\n\nLisbon 41,200 (+9%)\nPorto 29,700 (-1%)\n"
        + "Faro 15,010 (+21%)"), problems).signals()).isEmpty();
    // a % without a change asked is not a growth figure
    assertThat(collect(prompt("Keep the % signs and convert to CSV:\n\nVAT 20%, 2024, 1,200\nVAT 5%, 2024, 300\n"
        + "VAT 0%, 2024, 80"), problems).signals()).isEmpty();
  }

  @Test
  void revenueProfitOrWhatIsOwedOverLineItemsIsComputed() {
    assertThat(signals(collect(prompt("extract revenue per product\n\norder,product,qty,unit_price\n"
        + "1,Mug,2,9.50\n2,Bowl,1,14.00\n3,Mug,3,9.50"), problems)))
        .containsExactly("math-problem->reasoning(2.0, a figure the text does not state: revenue)");
    assertThat(signals(collect(prompt("From this statement, what do I owe after the surgery?\n\n"
        + "Deductible $1,800, met $1,250. Coinsurance 20%. Surgery billed at $9,400."), problems)))
        .containsExactly("math-problem->reasoning(2.0, a figure the text does not state: owe)");
    // the request written last, after unmarked rows: the rows are still the text it is computed from
    String rows = "order,product,qty,unit_price\n1001,Beeswax wrap set,2,14.00\n1002,Bamboo toothbrush,1,8.50\n"
        + "1003,Beeswax wrap set,1,14.00\n1004,Steel straw set,3,6.00\n1005,Bamboo toothbrush,4,8.50\n"
        + "1006,Beeswax wrap set,3,12.60\n1007,Steel straw set,1,6.00\n1008,Bamboo toothbrush,2,8.50\n";
    assertThat(signals(collect(prompt(rows + "\nextract revenue per product"), problems)))
        .containsExactly("math-problem->reasoning(2.0, a figure the text does not state: revenue)");
    // the text names it: a lookup
    assertThat(collect(prompt("extract the revenue and the year\n\nFY2024 summary: revenue £2.4m, staff 31, "
        + "stores 4"), problems).signals()).isEmpty();
  }

  @Test
  void aRecipeAskedForAnotherNumberOfPeopleIsScaled() {
    assertThat(signals(collect(prompt("could you convert this recipe for 40 people please, it's for the school fair\n\n"
        + "Flapjacks (serves 12)\n250g oats\n125g butter\n100g golden syrup"), problems)))
        .containsExactly("math-problem->reasoning(2.0, a recipe for 40 that serves another number)");
    assertThat(signals(collect(prompt("Rewrite the amounts for 9 guests.\n\nDal for 4 people: 200g red lentils, "
        + "1 onion, 2 tsp cumin"), problems)))
        .containsExactly("math-problem->reasoning(2.0, a recipe for 9 that serves another number)");
    // the recipe already serves that many: a rewrite
    assertThat(collect(prompt("Translate this recipe for 6 people into Spanish.\n\nChili (serves 6)\n500g beans\n"
        + "2 onions"), problems).signals()).isEmpty();
    // no number of servings stated: nothing to scale from
    assertThat(collect(prompt("Format this recipe for 6 people as a list.\n\nbeans, onions, tomatoes, cumin"),
        problems).signals()).isEmpty();
  }

  @Test
  void noInstructionAndNoPromptGiveNoSignal() {
    assertThat(collect(prompt("The delivery was late again."), problems).signals()).isEmpty();
    assertThat(collect(prompt(""), problems).signals()).isEmpty();
  }
}
