package dev.switchboard.router.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.router.SwitchboardException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalBudgetLedgerTest extends BudgetLedgerContract {
  @TempDir
  Path dir;

  private final List<JournalBudgetLedger> opened = new ArrayList<>();

  @Override
  protected BudgetLedger ledger(Clock clock) {
    JournalBudgetLedger ledger = JournalBudgetLedger.open(dir.resolve("fresh-" + System.nanoTime() + ".journal"),
        false, clock);
    opened.add(ledger);
    return ledger;
  }

  @AfterEach
  void closeLedgers() {
    opened.forEach(JournalBudgetLedger::close);
  }

  @Test
  void reopenedHasTheSameTotalsAndCountsNothingTwice() {
    Path file = dir.resolve("budget.journal");
    JournalBudgetLedger before = JournalBudgetLedger.open(file);
    before.add("support bot", DAY, 1_050_000_000L); // a name with a space survives the line format
    before.add("support bot", DAY, 7);
    before.add("search", OTHER_DAY, 42);
    before.close(); // (a crash, which releases the lock too, is survivesARealKillDashNine)

    JournalBudgetLedger after = JournalBudgetLedger.open(file);
    assertThat(after.spent("support bot", DAY)).isEqualTo(1_050_000_007L);
    assertThat(after.spent("search", OTHER_DAY)).isEqualTo(42);
    assertThat(after.replayed()).isEqualTo(3);
    assertThat(after.skipped()).isZero();

    // And again, after more charges and a settled reservation: still exact, nothing counted twice.
    after.add("search", OTHER_DAY, 8);
    Reservation held = after.reserve("search", OTHER_DAY, 100, 1_000, Duration.ofMinutes(1));
    after.settle(held, 30);
    after.reserve("search", OTHER_DAY, 100, 1_000, Duration.ofMinutes(1)); // never settled: not in the file
    after.close();
    try (JournalBudgetLedger third = JournalBudgetLedger.open(file)) {
      assertThat(third.spent("search", OTHER_DAY)).isEqualTo(80);
      assertThat(third.held("search", OTHER_DAY)).as("holds live in memory only").isZero();
      assertThat(third.spent("support bot", DAY)).isEqualTo(1_050_000_007L);
      assertThat(third.replayed()).isEqualTo(5);
    }
  }

  @Test
  void aSecondLedgerOnTheSameFileInThisProcessFailsAndTheFirstKeepsItsLock() {
    Path file = dir.resolve("shared.journal");
    try (JournalBudgetLedger first = JournalBudgetLedger.open(file)) {
      first.add("a", DAY, 5);

      assertThatThrownBy(() -> JournalBudgetLedger.open(file))
          .isInstanceOf(SwitchboardException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("already open in this process");
      // The same file by another path is the same file.
      assertThatThrownBy(() -> JournalBudgetLedger.open(dir.resolve("sub/../shared.journal")))
          .isInstanceOf(SwitchboardException.class).hasMessageContaining("already open");

      first.add("a", DAY, 7); // the first ledger still writes
      assertThat(first.spent("a", DAY)).isEqualTo(12);
    }
    // Closed, the file is free again.
    try (JournalBudgetLedger again = JournalBudgetLedger.open(file)) {
      assertThat(again.spent("a", DAY)).isEqualTo(12);
    }
  }

  /**
   * Another process holds the journal (a child JVM opened it and waits): opening it here fails,
   * naming the file and saying another process holds it; once that process is gone, it opens.
   */
  @Test
  void aSecondProcessOnTheSameFileFailsWithAClearError() throws Exception {
    Path file = dir.resolve("locked.journal");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), JournalWriterMain.class.getName(), file.toString(), "hold")
        .redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("open"); // the child holds the journal now

      assertThatThrownBy(() -> JournalBudgetLedger.open(file))
          .isInstanceOf(SwitchboardException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("locked by another process");
    } finally {
      child.destroyForcibly();
    }
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    try (JournalBudgetLedger mine = JournalBudgetLedger.open(file)) {
      assertThat(mine.spent("s", DAY)).isEqualTo(1); // the child's one charge
    }
  }

  @Test
  void aTornLastLineIsDroppedAndCutOffSoTheNextChargeStartsOnItsOwnLine() throws Exception {
    Path file = dir.resolve("torn.journal");
    try (JournalBudgetLedger ledger = JournalBudgetLedger.open(file)) {
      ledger.add("a", DAY, 100);
      ledger.add("a", DAY, 200);
    }
    String whole = Files.readString(file);
    String secondLine = whole.substring(whole.indexOf('\n') + 1);
    // The process died in the middle of writing a third line: part of a valid-looking line is there.
    Files.writeString(file, secondLine.substring(0, secondLine.length() - 12), StandardOpenOption.APPEND);

    try (JournalBudgetLedger reopened = JournalBudgetLedger.open(file)) {
      assertThat(reopened.spent("a", DAY)).isEqualTo(300);
      reopened.add("a", DAY, 5);
    }
    try (JournalBudgetLedger again = JournalBudgetLedger.open(file)) {
      assertThat(again.spent("a", DAY)).isEqualTo(305);
      assertThat(again.skipped()).isZero();
    }
    assertThat(Files.readAllLines(file)).hasSize(3);
  }

  @Test
  void aDamagedOrRepeatedLineIsSkippedNotCounted() throws Exception {
    Path file = dir.resolve("damaged.journal");
    try (JournalBudgetLedger ledger = JournalBudgetLedger.open(file)) {
      ledger.add("a", DAY, 100);
      ledger.add("a", DAY, 200);
    }
    List<String> lines = Files.readAllLines(file);
    String flipped = lines.get(0).replace(" 100 ", " 900 "); // checksum no longer matches
    Files.write(file, List.of(flipped, lines.get(1), lines.get(1)), StandardCharsets.UTF_8);

    try (JournalBudgetLedger reopened = JournalBudgetLedger.open(file)) {
      assertThat(reopened.spent("a", DAY)).isEqualTo(200);
      assertThat(reopened.skipped()).isEqualTo(2);
    }
  }

  @Test
  void aJournalThatCannotBeOpenedSaysWhichFile() throws Exception {
    Path notADir = Files.writeString(dir.resolve("file"), "x");
    assertThatThrownBy(() -> JournalBudgetLedger.open(notADir.resolve("budget.journal")))
        .isInstanceOf(SwitchboardException.class).hasMessageContaining("budget.journal");
  }

  /**
   * A real kill -9: a child JVM adds 1 nano-dollar charges as fast as it can and prints each
   * acknowledged total; it is killed mid-stream. Reopened, the journal holds every acknowledged
   * charge, and its total is exactly its number of whole lines.
   */
  @Test
  void survivesARealKillDashNine() throws Exception {
    Path file = dir.resolve("killed.journal");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), JournalWriterMain.class.getName(), file.toString())
        .redirectErrorStream(true).start();
    long acknowledged = 0;
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        acknowledged = Long.parseLong(line.trim());
        if (acknowledged >= 20_000) {
          child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no close()
          break;
        }
      }
    } finally {
      child.destroyForcibly(); // never leave the writer running, whatever happened above
    }
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(acknowledged).isGreaterThanOrEqualTo(20_000);

    try (JournalBudgetLedger reopened = JournalBudgetLedger.open(file)) {
      long total = reopened.spent("s", DAY);
      assertThat(total).isGreaterThanOrEqualTo(acknowledged);
      assertThat(total).isEqualTo(reopened.replayed());
      assertThat(reopened.skipped()).isZero();
    }
  }
}
