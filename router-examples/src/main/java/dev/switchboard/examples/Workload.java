package dev.switchboard.examples;

import dev.switchboard.router.chat.ChatRequest;
import java.util.ArrayList;
import java.util.List;

/** A realistic mixed day of traffic for the demo: what a product team sends an LLM. */
final class Workload {
  private Workload() {}

  private static final String TICKET = "Hi, I ordered a standing desk (order #A-88213) on 2 March and it arrived with a "
      + "cracked leg. I emailed on 5 March and got no reply. I'd like a replacement leg or a refund of EUR 389. "
      + "You can reach me on +44 7700 900123. Thanks, Priya Raman";

  private static final String REPORT = "Q3 revenue grew 14% year on year to $48.2M, driven by the enterprise tier "
      + "(+31%) while self-serve declined 4% after the price change in July. Gross margin improved from 71% to 74% "
      + "as inference moved to our own GPUs. Churn in SMB rose to 3.1% monthly; the team attributes it to the "
      + "removal of the free plan. Headcount grew from 212 to 240, mostly in sales. Cash runway is 31 months. "
      + "The board asked for a plan to bring SMB churn under 2.5% by Q1 and to stop the self-serve decline.";

  static List<ChatRequest> requests() {
    List<ChatRequest> r = new ArrayList<>();
    // extraction
    r.add(user("support", "Extract the order number, the amount and the phone number from this ticket as JSON:\n" + TICKET));
    r.add(user("support", "Extract the customer's name and the dates mentioned:\n" + TICKET));
    r.add(json("crm", "Pull out every company name and job title from this signature block: "
        + "Dana Whitfield, VP Engineering, Northwind Traders | ex-Contoso, Staff Engineer"));
    r.add(json("invoices", "Extract invoice_number, total and due_date: INVOICE INV-2291 Total due: $1,240.00 by 2026-12-03"));
    r.add(user("crm", "List all email addresses in this text: write to ops@acme.io or, after hours, oncall@acme.io"));
    r.add(json("invoices", "Extract the line items (description, qty, unit price) from: 3 x USB-C hub @ 24.99; 1 x dock @ 189.00"));
    // classification
    r.add(sys("support", "Answer with one label: billing, shipping, bug, other.", "Classify this ticket: " + TICKET));
    r.add(user("moderation", "Classify the sentiment of this review as positive, negative or neutral: "
        + "\"Setup took five minutes and it just works.\""));
    r.add(sys("support", "Reply with exactly one word: urgent or routine.", "Is this urgent? The checkout page returns 500 for all EU customers."));
    r.add(user("moderation", "Is this message spam? Answer yes or no. \"Congratulations!!! You won a free cruise, click here\""));
    r.add(user("routing", "Categorize this question into one of: pricing, security, integrations. \"Do you support SAML SSO with Okta?\""));
    // summarization
    r.add(user("reports", "Summarize this in three bullet points for the exec channel:\n" + REPORT));
    r.add(user("support", "Summarise this ticket in one sentence for the queue view:\n" + TICKET));
    r.add(user("reports", "Give me a TL;DR of this quarterly update:\n" + REPORT));
    r.add(user("meetings", "Summarize the action items: Alice will send the draft by Friday; Bob to book the venue; "
        + "we agreed to postpone the launch to 12 Jan; Carol owns the pricing page copy."));
    // transformation
    r.add(user("i18n", "Translate to German: \"Your order has shipped and will arrive on Thursday.\""));
    r.add(user("i18n", "Translate into French: \"Reset your password using the link below. It expires in 24 hours.\""));
    r.add(user("content", "Rewrite this more politely: \"Send me the report now, it's late again.\""));
    r.add(user("data", "Convert this CSV to a JSON array:\nname,age\nAda,36\nGrace,45"));
    // reasoning
    r.add(user("research", "Prove that there are infinitely many primes."));
    r.add(user("research", "A bat and a ball cost $1.10 in total. The bat costs $1.00 more than the ball. How much does the ball cost?"));
    r.add(user("strategy", "Why would gross margin improve while self-serve revenue declines? Compare the two most likely explanations "
        + "and say which data would tell them apart:\n" + REPORT));
    r.add(user("planning", "We have 3 engineers and 6 weeks. Feature A takes 8 engineer-weeks and unblocks B (5 weeks) "
        + "and C (4 weeks). Which plan ships the most value, and why?"));
    r.add(user("research", "If every SMB customer who churned had stayed, how would monthly revenue differ after 6 months "
        + "at 3.1% monthly churn versus 2.5%? Show the reasoning."));
    // code
    r.add(user("eng", "Write a Java method that merges overlapping intervals, with unit tests."));
    r.add(user("eng", "Why does this throw?\n```java\nList<String> xs = List.of(\"a\");\nxs.add(\"b\");\n```"));
    r.add(user("eng", "Implement an LRU cache in Python with O(1) get and put."));
    r.add(user("eng", "Fix the bug:\n```python\ndef mean(xs):\n    return sum(xs) / len(xs) if xs else None\nprint(mean([]) + 1)\n```"));
    r.add(user("eng", "Refactor this SQL to avoid the N+1 query: SELECT * FROM orders; then for each order SELECT * FROM items WHERE order_id = ?"));
    // creative and general
    r.add(user("marketing", "Write a short poem about a lighthouse keeper who collects lost messages."));
    r.add(user("marketing", "Write three taglines for a standing desk that folds into a wall."));
    r.add(user("assistant", "What should I consider when choosing between Postgres and DynamoDB for a new product?"));
    r.add(user("assistant", "Help me plan a 3-day trip to Lisbon on a budget."));
    return r;
  }

  private static ChatRequest user(String service, String text) {
    return ChatRequest.builder().user(text).service(service).build();
  }

  private static ChatRequest sys(String service, String system, String text) {
    return ChatRequest.builder().system(system).user(text).temperature(0).service(service).build();
  }

  private static ChatRequest json(String service, String text) {
    return ChatRequest.builder().user(text).jsonMode().temperature(0).service(service).build();
  }
}
