package dev.switchboard.router.config;

import dev.switchboard.router.ChatClient;
import dev.switchboard.router.spi.BackendFactory;
import dev.switchboard.router.testing.FakeChatClient;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For tests only: backends of provider {@code fake} are {@link FakeChatClient}s answering
 * "answer from NAME", kept by name so a test can script or inspect them. Given to the loader,
 * never registered on the class path (router-redis's tests use it too).
 */
public final class FakeBackends implements BackendFactory {
  public final Map<String, FakeChatClient> made = new ConcurrentHashMap<>();

  @Override
  public Set<String> providers() {
    return Set.of("fake");
  }

  @Override
  public List<String> check(Section backend) {
    return backend.has("base-url") ? List.of("base-url: a fake backend has no URL") : List.of();
  }

  @Override
  public ChatClient create(String name, Section backend) {
    FakeChatClient c = FakeChatClient.replying(name, "answer from " + name);
    made.put(name, c);
    return c;
  }

  public static RouterConfig.Loader loader() {
    return RouterConfig.loader().backendFactory(new FakeBackends()).environment(Map.of());
  }
}
