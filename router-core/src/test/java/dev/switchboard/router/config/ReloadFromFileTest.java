package dev.switchboard.router.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.router.Backend;
import dev.switchboard.router.RoutingChatClient;
import dev.switchboard.router.chat.ChatRequest;
import dev.switchboard.router.chat.ChatResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** router.reload(Path): 8 threads calling while the file is swapped, a bad file refused, the journal kept. */
class ReloadFromFileTest {
  @TempDir
  Path dir;

  private static String config(String cheapBackend) {
    return """
        tiers: [cheap, capable]
        backends:
          %s: {provider: fake, tier: cheap, price: {input: 1.00, output: 1.00}}
          big: {provider: fake, tier: capable, price: {input: 2.00, output: 8.00}}
        budgets:
          default: {daily: 1000.00}
          ledger: {journal: spend.journal}
        """.formatted(cheapBackend);
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private static ChatRequest extraction() {
    return ChatRequest.builder().user("Extract the dates: 3 May, 9 June").service("svc").build();
  }

  @Test
  void eightThreadsCallingWhileTheFileIsSwappedNeverFailAndSpendStaysInTheOneJournal() throws Exception {
    Path first = write("first.yaml", config("small"));
    Path second = write("second.yaml", config("tiny"));
    RoutingChatClient router = RoutingChatClient.builder().config(FakeBackends.loader().load(first)).build();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger answered = new AtomicInteger();
    Set<String> servedBy = ConcurrentHashMap.newKeySet();
    try {
      List<Future<?>> callers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        callers.add(pool.submit(() -> {
          while (running.get()) {
            ChatResponse r = router.chat(extraction()); // a failure fails the future, and the test
            servedBy.add(r.route().backend());
            answered.incrementAndGet();
          }
          return null;
        }));
      }
      for (int i = 0; i < 20; i++) {
        int before = answered.get();
        router.reload(i % 2 == 0 ? second : first); // the same journal each time: it stays open, not reopened
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (answered.get() < before + 8 && System.nanoTime() < giveUp) {
          Thread.onSpinWait();
        }
      }
      running.set(false);
      for (Future<?> f : callers) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(servedBy).contains("small", "tiny");
    assertThat(router.backends()).extracting(Backend::name).containsExactly("small", "big");
    assertThat(router.spentToday("svc")).isPositive();
    assertThat(Files.size(dir.resolve("spend.journal"))).isPositive();
  }

  @Test
  void aFileThatDoesNotValidateIsRefusedWithItsProblemsAndTheOldConfigurationStays() throws IOException {
    Path good = write("good.yaml", config("small"));
    Path bad = write("bad.yaml", config("small").replace("tier: capable", "tier: capabel"));
    RoutingChatClient router = RoutingChatClient.builder().config(FakeBackends.loader().load(good)).build();

    assertThatThrownBy(() -> router.reload(bad)).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("backends.big.tier").hasMessageContaining("did you mean 'capable'");

    assertThat(router.backends()).extracting(Backend::name).containsExactly("small", "big");
    assertThat(router.chat(extraction()).route().backend()).isEqualTo("small");
  }
}
