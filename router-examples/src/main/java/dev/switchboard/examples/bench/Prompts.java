package dev.switchboard.examples.bench;

import dev.switchboard.router.chat.ChatRequest;

/** Realistic request bodies of known sizes for the benchmarks. */
final class Prompts {
  private Prompts() {}

  private static final String INCIDENT_PARAGRAPH = """
      At 09:12 UTC the payments gateway in eu-west-1 began returning HTTP 502 to roughly one in \
      five checkout requests. The on-call engineer was paged at 09:15 and found that a routine \
      certificate rotation had left two of the six load-balancer targets presenting an expired \
      intermediate certificate. Retries from the mobile clients doubled the request rate, which \
      pushed the healthy targets to their connection limit and spread the errors to card \
      authorisations as well. The rotation was rolled back at 09:41 and error rates returned to \
      normal by 09:47; 1,284 orders failed and 311 were retried successfully by customers.
      """;

  private static final String STACK_TRACE = """
      Exception in thread "main" java.lang.IllegalStateException: order 88213 has no lines
      \tat com.acme.billing.InvoiceService.total(InvoiceService.java:118)
      \tat com.acme.billing.InvoiceService.issue(InvoiceService.java:74)
      \tat com.acme.billing.BillingJob.run(BillingJob.java:42)
      \tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)
      """;

  private static final String CODE = """
      ```java
      public Money total(Order order) {
        if (order.lines().isEmpty()) {
          throw new IllegalStateException("order " + order.id() + " has no lines");
        }
        Money sum = Money.zero(order.currency());
        for (Line line : order.lines()) {
          sum = sum.plus(line.unitPrice().times(line.quantity()));
        }
        return sum.minus(order.discount());
      }
      ```
      """;

  /** About {@code chars} characters of prose: the incident paragraph repeated. */
  static String prose(int chars) {
    StringBuilder sb = new StringBuilder(chars + INCIDENT_PARAGRAPH.length());
    while (sb.length() < chars) {
      sb.append(INCIDENT_PARAGRAPH).append('\n');
    }
    return sb.toString();
  }

  static ChatRequest shortInstruction() {
    return ChatRequest.builder().user("Translate to German: \"Your order has shipped and will arrive on Friday.\"")
        .build();
  }

  /** A short instruction over a pasted incident report, about 2 KB in all. */
  static ChatRequest summary2k() {
    return ChatRequest.builder()
        .system("You are a concise assistant for the operations team.")
        .user("Summarise this incident report in three bullet points for the status page.\n\n" + prose(1900))
        .build();
  }

  /** A debugging request with code and a stack trace, about 2 KB in all. */
  static ChatRequest code2k() {
    String user = "Why does this throw, and how should the billing job handle empty orders? Here is the method "
        + "and the trace.\n\n" + CODE + "\n" + STACK_TRACE + "\nThe job runs nightly over all orders of the day.";
    StringBuilder padded = new StringBuilder(user);
    while (padded.length() < 2000) {
      padded.append("\nContext: ").append(INCIDENT_PARAGRAPH, 0, 200);
    }
    return ChatRequest.builder().user(padded.toString()).build();
  }

  private static final String CUSTOMER_MESSAGE = """
      hello, I am writing about order 4471-B, the oak dining table with six chairs that was supposed       to arrive last Tuesday between 8 and 12. Nobody came, nobody called, and when I phoned the       courier they said the parcel had been handed back to your warehouse because the address was       incomplete, which it was not, I checked the confirmation email twice and the flat number is       there. I took a day off work for this delivery and now I have to take another one. My parents       are visiting next weekend and we have nowhere to sit. I have been a customer for years and       never had a problem before, the sofa last spring came on time and the two men who brought it       were very kind. Please let me know when the table can come, and whether someone can call me       the evening before so that I do not waste another day waiting at the window.       """;

  /**
   * About 2 KB that the rules leave unsure (no command they know, no capable evidence; "rate ... from 1
   * to 5" is a rule of its own since issue 17, so the ask is slang): the learned
   * component reads the system prompt and the instruction and explains itself. Its worst case.
   */
  static ChatRequest unsure2k() {
    StringBuilder message = new StringBuilder("Vibe check on this one, 1 to 5: ");
    while (message.length() < 1700) {
      message.append(CUSTOMER_MESSAGE);
    }
    return ChatRequest.builder()
        .system("You work with the customer care team of a furniture shop in Leeds. The messages come from the "
            + "shop's contact form. Customers write them in a hurry, on the phone, between two other things; the "
            + "shop answers every message on the same working day and keeps its answers friendly and short.")
        .user(message.substring(0, 1700))
        .build();
  }

  /**
   * About 2 KB whose capable lean rests on one word ("why") under a label the rules do not know: the
   * learned component reads it to overrule the lean, and explains itself (the overrule's path).
   */
  static ChatRequest overrule2k() {
    String ask = "\n\nWhy is this customer writing: delivery, refund or damage? One word.";
    StringBuilder message = new StringBuilder();
    while (message.length() < 2000 - ask.length()) {
      message.append(CUSTOMER_MESSAGE);
    }
    return ChatRequest.builder().user(message.substring(0, 2000 - ask.length()) + ask).build();
  }

  /**
   * About 2 KB of a customer's message under a title line, then a short ask of its own paragraph that
   * the rules do not know: the learned component reads the request twice (the title line the
   * segmenter took for the instruction, and the closing paragraph alone), and the closing paragraph a
   * third time to explain the answer. The model's most expensive path.
   */
  static ChatRequest closing2k() {
    String ask = "\n\ntwo lines for the shop manager pls";
    StringBuilder message = new StringBuilder("Kasia Nowak, Tuesday 14:02\n\n");
    while (message.length() < 2000 - ask.length()) {
      message.append(CUSTOMER_MESSAGE);
    }
    return ChatRequest.builder().user(message.substring(0, 2000 - ask.length()) + ask).build();
  }

  /** A 100 KB document with the instruction after it. */
  static ChatRequest document100k() {
    return ChatRequest.builder()
        .user(prose(100_000) + "\n\nExtract every time stamp and the number of failed orders as JSON.")
        .build();
  }

  static ChatRequest byName(String name) {
    return switch (name) {
      case "short" -> shortInstruction();
      case "summary-2k" -> summary2k();
      case "code-2k" -> code2k();
      case "document-100k" -> document100k();
      case "unsure-2k" -> unsure2k();
      case "overrule-2k" -> overrule2k();
      case "closing-2k" -> closing2k();
      default -> throw new IllegalArgumentException("no prompt '" + name + "'");
    };
  }
}
