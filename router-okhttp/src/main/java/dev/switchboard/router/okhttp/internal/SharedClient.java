package dev.switchboard.router.okhttp.internal;

import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The one {@link OkHttpClient} every backend derives from unless the application passes its own:
 * one connection pool and one dispatcher for the whole process. Created on first use.
 */
public final class SharedClient {
  private SharedClient() {}

  private static final class Holder {
    static final OkHttpClient CLIENT = create();

    private static OkHttpClient create() {
      Dispatcher dispatcher = new Dispatcher();
      // OkHttp's default of 5 concurrent calls per host would queue streams to a local server;
      // concurrency is the router's job (per-backend caps), not the transport's.
      dispatcher.setMaxRequests(512);
      dispatcher.setMaxRequestsPerHost(256);
      return new OkHttpClient.Builder().dispatcher(dispatcher).build();
    }
  }

  public static OkHttpClient get() {
    return Holder.CLIENT;
  }
}
