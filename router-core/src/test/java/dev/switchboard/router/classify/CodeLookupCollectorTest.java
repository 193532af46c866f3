package dev.switchboard.router.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.router.chat.ChatRequest;
import org.junit.jupiter.api.Test;

/** The code-lookup rule in the whole classifier: a fact read off pasted code is cheap, work on the code is not. */
class CodeLookupCollectorTest {
  private final RuleBasedClassifier classifier = RuleBasedClassifier.builder().withoutModel().build();

  private static final String TRACE = "Traceback (most recent call last):\n"
      + "  File \"/srv/app/worker.py\", line 88, in run\n    self.process(job)\n"
      + "  File \"/srv/app/worker.py\", line 131, in process\n    payload = json.loads(job.body)\n"
      + "json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)";

  private static final String CODE = "```python\nimport csv\n\nclass Ledger:\n    def add(self, row):\n"
      + "        self.rows.append(row)\n\ndef load(path):\n    with open(path) as fh:\n"
      + "        return list(csv.reader(fh))\n```";

  private Classification classify(String user) {
    return classifier.classify(ChatRequest.builder().user(user).build());
  }

  @Test
  void aFactReadOffATraceOrCodeIsALookup() {
    Classification c = classify("what's the exception type and which file + line? don't debug it\n\n" + TRACE);
    assertThat(c.category()).isEqualTo(TaskCategory.EXTRACTION);
    assertThat(c.signals()).anyMatch(SignalName.CODE_LOOKUP::is).noneMatch(SignalName.STACK_TRACE::is);
    assertThat(classify("List every function and method name defined in this file, one per line.\n\n" + CODE)
        .category()).isEqualTo(TaskCategory.EXTRACTION);
    assertThat(classify("Which programming language is this snippet? One word.\n\n" + CODE).category())
        .isEqualTo(TaskCategory.CLASSIFICATION);
    assertThat(classify("python or node trace? one word\n\n" + TRACE).category()).isEqualTo(TaskCategory.CLASSIFICATION);
    assertThat(classify("just read off which versions of numpy and pandas I have\n\nnumpy==1.26.4\npandas==2.2.2\n"
        + "pyarrow==16.1.0").category()).isEqualTo(TaskCategory.EXTRACTION);
  }

  @Test
  void aSummaryOfATechnicalDocumentIsReadOffItToo() {
    Classification c = classify("Give me the key points of this incident thread for the weekly report.\n\n"
        + "```\nkubectl rollout undo deployment/api\n```\nRolled back at 14:02, error rate normal by 14:10.\n"
        + "Root cause: config change to the Postgres pool size.");
    assertThat(c.category()).isEqualTo(TaskCategory.SUMMARIZATION);
    assertThat(c.signals()).anyMatch(SignalName.CODE_LOOKUP::is);
    // a summary of code itself is explaining it
    assertThat(classify("Summarise this function for the docstring.\n\n" + CODE).signals())
        .noneMatch(SignalName.CODE_LOOKUP::is);
  }

  @Test
  void workOnTheCodeOrAPredictionStaysCapable() {
    // a fix asked beside the lookup
    assertThat(classify("What's the exception type, and how do I fix it?\n\n" + TRACE).category())
        .isNotIn(TaskCategory.EXTRACTION, TaskCategory.CLASSIFICATION);
    assertThat(classify("List every function name in this file and write a docstring for each.\n\n" + CODE)
        .signals()).noneMatch(SignalName.CODE_LOOKUP::is);
    // no trace to read the exception off: a prediction
    assertThat(classify("What exception would this code throw if the file is empty?\n\n" + CODE).signals())
        .noneMatch(SignalName.CODE_LOOKUP::is);
    // a label about what the functions do is analysis, not their names
    assertThat(classify("label each function as PURE or IMPURE\n\n" + CODE).signals())
        .noneMatch(SignalName.CODE_LOOKUP::is);
    // a rewrite of the code
    assertThat(classify("Rename every variable name to snake_case.\n\n" + CODE).category()).isEqualTo(TaskCategory.CODE);
    // the trace read as the instruction: the ask after it is unknown
    assertThat(classify(TRACE + "\n\nsome rows are empty. cleanest way to handle it?").signals())
        .noneMatch(SignalName.CODE_LOOKUP::is);
  }
}
