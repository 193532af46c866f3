package dev.switchboard.router.budget;

import dev.switchboard.router.SwitchboardException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/**
 * A ledger that survives restarts: every charge is one line appended to a journal file and written
 * through to the operating system before {@link #add} returns, so a process killed at any moment
 * (even {@code kill -9}) loses no acknowledged charge. Opening the file replays it: a torn last
 * line (the process died mid-write) is dropped and cut off, a line that fails its checksum is
 * skipped, and a charge id seen twice counts once, so nothing is counted twice.
 *
 * <p>Line format: {@code c1 <charge id> <service> <period> <nano-dollars> <crc32>}, fields
 * URL-encoded. One process per file (several instances share a budget through Redis). With
 * {@code fsync} the line is also forced to the disk, which survives a power cut as well, at the
 * price of a disk flush per charge. The file grows by one line per charge; start a new file (say,
 * per month) to keep it small.
 */
public final class JournalBudgetLedger implements BudgetLedger, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(JournalBudgetLedger.class.getName());
  private static final String VERSION = "c1";

  private final Path file;
  private final boolean fsync;
  private final FileChannel channel; // guarded by this for writes
  private final InMemoryBudgetLedger totals = new InMemoryBudgetLedger();
  private final String instance = UUID.randomUUID().toString().substring(0, 8);
  private final AtomicLong sequence = new AtomicLong();
  private final int replayed;
  private final int skipped;

  private JournalBudgetLedger(Path file, boolean fsync) throws IOException {
    this.file = file;
    this.fsync = fsync;
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    byte[] bytes = Files.readAllBytes(file);
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--; // a torn last line: the process died while writing it; it was never acknowledged
    }
    if (end < bytes.length) {
      LOG.log(Level.WARNING, "budget journal " + file + ": dropping a torn last line of " + (bytes.length - end)
          + " bytes");
      channel.truncate(end);
    }
    channel.position(end);
    Set<String> ids = new HashSet<>();
    int ok = 0;
    int bad = 0;
    int start = 0;
    for (int i = 0; i < end; i++) {
      if (bytes[i] == '\n') {
        String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
        start = i + 1;
        if (line.isEmpty()) {
          continue;
        }
        if (!replay(line, ids)) {
          bad++;
        } else {
          ok++;
        }
      }
    }
    this.replayed = ok;
    this.skipped = bad;
    if (bad > 0) {
      LOG.log(Level.WARNING, "budget journal " + file + ": skipped " + bad + " damaged or repeated lines");
    }
  }

  /** Opens (or creates) a journal, replaying what it holds. Writes go through to the OS, not forced to disk. */
  public static JournalBudgetLedger open(Path file) {
    return open(file, false);
  }

  /** Opens (or creates) a journal; with {@code fsync} every charge is forced to the disk before it is acknowledged. */
  public static JournalBudgetLedger open(Path file, boolean fsync) {
    Objects.requireNonNull(file, "file");
    try {
      return new JournalBudgetLedger(file, fsync);
    } catch (IOException e) {
      throw new SwitchboardException("cannot open the budget journal " + file + ": " + e.getMessage()
          + "; check that the directory exists and is writable", e);
    }
  }

  private boolean replay(String line, Set<String> ids) {
    String[] f = line.split(" ");
    if (f.length != 6 || !f[0].equals(VERSION)) {
      return false;
    }
    String body = line.substring(0, line.lastIndexOf(' '));
    if (!f[5].equals(crc(body))) {
      return false;
    }
    long nanos;
    try {
      nanos = Long.parseLong(f[4]);
    } catch (NumberFormatException e) {
      return false;
    }
    if (nanos < 0 || !ids.add(f[1])) {
      return false;
    }
    String service = URLDecoder.decode(f[2], StandardCharsets.UTF_8);
    String period = URLDecoder.decode(f[3], StandardCharsets.UTF_8);
    totals.add(service, new BudgetPeriod(period, java.time.Instant.EPOCH), nanos);
    return true;
  }

  @Override
  public synchronized long add(String service, BudgetPeriod period, long nanos) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(period, "period");
    if (nanos < 0) {
      throw new IllegalArgumentException("a charge must not be negative: " + nanos);
    }
    String body = VERSION + ' ' + instance + '-' + sequence.incrementAndGet() + ' ' + enc(service) + ' '
        + enc(period.key()) + ' ' + nanos;
    ByteBuffer line = ByteBuffer.wrap((body + ' ' + crc(body) + '\n').getBytes(StandardCharsets.UTF_8));
    try {
      while (line.hasRemaining()) {
        channel.write(line);
      }
      if (fsync) {
        channel.force(false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the budget journal " + file, e);
    }
    return totals.add(service, period, nanos);
  }

  @Override
  public long spent(String service, BudgetPeriod period) {
    return totals.spent(service, period);
  }

  /** Charges replayed from the file when it was opened. */
  public int replayed() {
    return replayed;
  }

  /** Lines skipped when the file was opened: damaged (checksum) or repeated (same charge id). */
  public int skipped() {
    return skipped;
  }

  public Path file() {
    return file;
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the budget journal " + file, e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String crc(String body) {
    CRC32 crc = new CRC32();
    crc.update(body.getBytes(StandardCharsets.UTF_8));
    return Long.toHexString(crc.getValue());
  }

  @Override
  public String toString() {
    return "JournalBudgetLedger{" + file + (fsync ? ", fsync" : "") + "}";
  }
}
