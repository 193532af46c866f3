package dev.switchboard.router.budget;

import java.nio.file.Path;

/**
 * The child process of the journal tests. {@code <file>}: adds 1 nano-dollar charges forever,
 * printing every 100th acknowledged total (the kill -9 test). {@code <file> hold}: adds one
 * charge, prints "open", and keeps the journal open until killed (the lock test).
 */
public final class JournalWriterMain {
  private JournalWriterMain() {}

  public static void main(String[] args) throws InterruptedException {
    JournalBudgetLedger ledger = JournalBudgetLedger.open(Path.of(args[0]));
    if (args.length > 1 && args[1].equals("hold")) {
      ledger.add("s", BudgetLedgerContract.DAY, 1);
      System.out.println("open");
      System.out.flush();
      Thread.currentThread().join(); // until the test kills this process
    }
    while (true) {
      long total = ledger.add("s", BudgetLedgerContract.DAY, 1);
      if (total % 100 == 0) {
        System.out.println(total);
        System.out.flush();
      }
    }
  }
}
