package dev.switchboard.router.budget;

import java.nio.file.Path;

/** The child process of the kill -9 test: adds 1 nano-dollar charges forever, printing each acknowledged total. */
public final class JournalWriterMain {
  private JournalWriterMain() {}

  public static void main(String[] args) {
    JournalBudgetLedger ledger = JournalBudgetLedger.open(Path.of(args[0]));
    while (true) {
      long total = ledger.add("s", BudgetLedgerContract.DAY, 1);
      if (total % 100 == 0) {
        System.out.println(total);
        System.out.flush();
      }
    }
  }
}
