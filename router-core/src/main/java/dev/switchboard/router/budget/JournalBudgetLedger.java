package dev.switchboard.router.budget;

import dev.switchboard.router.SwitchboardException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
 * URL-encoded. One process per file: the ledger locks the file while it is open, and a second
 * ledger on it, in this process or another, fails with a {@link SwitchboardException} naming the
 * file (several instances share a budget through Redis). Reservations are held in memory only:
 * the requests they stand for end with the process. With
 * {@code fsync} the line is also forced to the disk, which survives a power cut as well, at the
 * price of a disk flush per charge. The file grows by one line per charge; start a new file (say,
 * per month) to keep it small.
 */
public final class JournalBudgetLedger implements BudgetLedger, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(JournalBudgetLedger.class.getName());
  private static final String VERSION = "c1";

  /** Journals open in this process, by real path: one ledger per file. */
  private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final Path key; // the file's real path, its entry in OPEN
  private final boolean fsync;
  private final FileChannel channel; // guarded by this for writes; holds the file's lock until close
  private final InMemoryBudgetLedger totals;
  private final String instance = UUID.randomUUID().toString().substring(0, 8);
  private final AtomicLong sequence = new AtomicLong();
  private final int replayed;
  private final int skipped;

  private JournalBudgetLedger(Path file, Path key, boolean fsync, Clock clock, FileChannel channel)
      throws IOException {
    this.file = file;
    this.key = key;
    this.fsync = fsync;
    this.channel = channel;
    this.totals = new InMemoryBudgetLedger(clock);
    // Read through the locked channel: opening and closing another descriptor on the file would
    // drop this process's lock on it (POSIX locks belong to the process, not to the descriptor).
    ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(channel.size()));
    while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) >= 0) {
      // read until full
    }
    byte[] bytes = buffer.array();
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
    return open(file, fsync, Clock.systemUTC());
  }

  /**
   * Opens (or creates) a journal and locks it for this ledger; reservations expire on {@code clock}
   * (give it the router's). Fails with a {@link SwitchboardException} naming the file when it
   * cannot be opened, or when another ledger, in this process or another, has it open.
   */
  public static JournalBudgetLedger open(Path file, boolean fsync, Clock clock) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(clock, "clock");
    Path key;
    try {
      key = realPath(file);
    } catch (IOException e) {
      throw cannotOpen(file, e);
    }
    // Checked before any descriptor is opened: closing a second descriptor on a locked file would
    // release the first one's lock.
    if (!OPEN.add(key)) {
      throw new SwitchboardException("the budget journal " + file + " is already open in this process; only one"
          + " ledger may write a journal: open it once and share that ledger (or close the first one)");
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // a lock this JVM took by another way than this class
      }
      if (lock == null) {
        throw new SwitchboardException("the budget journal " + file + " is locked by another process; only one"
            + " process may write a journal: stop the other one, give each process its own file, or share a"
            + " budget between instances through RedisBudgetLedger");
      }
      return new JournalBudgetLedger(file, key, fsync, clock, channel);
    } catch (IOException | RuntimeException e) {
      OPEN.remove(key);
      closeQuietly(channel);
      throw e instanceof SwitchboardException se ? se : cannotOpen(file, e);
    }
  }

  /** The file's real path (links resolved), its directories created, without opening the file. */
  private static Path realPath(Path file) throws IOException {
    Path absolute = file.toAbsolutePath().normalize();
    Path parent = absolute.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (Files.exists(absolute)) {
      return absolute.toRealPath();
    }
    return parent == null ? absolute : parent.toRealPath().resolve(absolute.getFileName());
  }

  private static SwitchboardException cannotOpen(Path file, Exception e) {
    return new SwitchboardException("cannot open the budget journal " + file + ": " + e.getMessage()
        + "; check that the directory exists and is writable", e);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // already failing; the first error is the one to report
      }
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
  public long add(String service, BudgetPeriod period, long nanos) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(period, "period");
    if (nanos < 0) {
      throw new IllegalArgumentException("a charge must not be negative: " + nanos);
    }
    append(service, period, nanos);
    return totals.add(service, period, nanos);
  }

  @Override
  public long spent(String service, BudgetPeriod period) {
    return totals.spent(service, period);
  }

  /** Holds live in memory only: one process writes the file, and its requests in flight end with it. */
  @Override
  public Reservation reserve(String service, BudgetPeriod period, long nanos, long limitNanos, Duration ttl) {
    return totals.reserve(service, period, nanos, limitNanos, ttl);
  }

  /** The charge is written to the journal first; only then does it replace the hold. */
  @Override
  public long settle(Reservation reservation, long actualNanos) {
    BudgetLedger.requireSettleable(reservation, actualNanos);
    if (actualNanos > 0) {
      append(reservation.service(), reservation.period(), actualNanos);
    }
    return totals.settle(reservation, actualNanos);
  }

  @Override
  public long held(String service, BudgetPeriod period) {
    return totals.held(service, period);
  }

  /** Appends one charge line, through to the OS (and the disk, with fsync), before the charge counts. */
  private synchronized void append(String service, BudgetPeriod period, long nanos) {
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

  /** Closes the file and releases its lock; another ledger may open it then. */
  @Override
  public synchronized void close() {
    if (!channel.isOpen()) {
      return;
    }
    try {
      channel.close(); // releases the lock
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the budget journal " + file, e);
    } finally {
      OPEN.remove(key);
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
