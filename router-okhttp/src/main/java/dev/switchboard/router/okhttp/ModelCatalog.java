package dev.switchboard.router.okhttp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.router.BackendException;
import dev.switchboard.router.FailureKind;
import dev.switchboard.router.okhttp.internal.SharedClient;
import dev.switchboard.router.spi.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The models a local server has loaded, as it lists them: vLLM and llama.cpp's server at
 * {@code /v1/models} (vLLM lists each LoRA module there with its base model as {@code parent}),
 * Ollama at {@code /api/tags}. What a {@code Backend} serves besides its model is
 * {@link #adapters()}:
 *
 * <pre>{@code
 * ModelCatalog vllm = ModelCatalog.fetch("http://localhost:8000/v1");
 * Backend.builder("vllm").client(Providers.vllm().build()).tier("local")
 *     .model(vllm.baseModels().get(0)).adapters(vllm.adapters()).build();
 * }</pre>
 */
public final class ModelCatalog {
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

  private final String source;
  private final List<Model> models;

  private ModelCatalog(String source, List<Model> models) {
    this.source = source;
    this.models = List.copyOf(models);
  }

  /** One listed model: its id (what a request's {@code model} names) and, for an adapter, its base model. */
  public record Model(String id, Optional<String> parent) {
    public Model {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(parent, "parent");
    }

    /** True for a LoRA adapter (a model listed with a parent). */
    public boolean adapter() {
      return parent.isPresent();
    }
  }

  /**
   * Lists the models of the server at {@code baseUrl}: its OpenAI-compatible base
   * ({@code http://localhost:8000/v1}) or its root ({@code http://localhost:11434}). Tries
   * {@code /v1/models}, then Ollama's {@code /api/tags}; waits 3 s at the most for each.
   *
   * @throws BackendException when the server cannot be reached or lists nothing readable
   */
  public static ModelCatalog fetch(String baseUrl) {
    return fetch(baseUrl, SharedClient.get().newBuilder().callTimeout(DEFAULT_TIMEOUT).build());
  }

  /** As {@link #fetch(String)}, over {@code client} (its timeouts apply). */
  public static ModelCatalog fetch(String baseUrl, OkHttpClient client) {
    Objects.requireNonNull(client, "client");
    String root = Objects.requireNonNull(baseUrl, "baseUrl").replaceAll("/+$", "").replaceAll("/v1$", "");
    List<String> tried = new ArrayList<>(2);
    for (String path : List.of("/v1/models", "/api/tags")) {
      String url = root + path;
      JsonNode body;
      try (Response r = client.newCall(new Request.Builder().url(url).get().build()).execute()) {
        if (!r.isSuccessful()) {
          tried.add(url + " answered " + r.code());
          continue;
        }
        body = Json.MAPPER.readTree(r.body().string());
      } catch (IOException e) {
        throw new BackendException(root, FailureKind.TRANSPORT, "could not list the models at " + url + ": " + e, e);
      }
      List<Model> found = path.equals("/v1/models") ? openAi(body) : ollama(body);
      if (found != null) {
        return new ModelCatalog(url, found);
      }
      tried.add(url + " answered something that is not a model list");
    }
    throw new BackendException(root, FailureKind.NOT_FOUND, "no model list at " + root + ": " + String.join("; ", tried));
  }

  /** Reads a model list as a server returned it: an OpenAI {@code /v1/models} body or Ollama's {@code /api/tags}. */
  public static ModelCatalog parse(String json) {
    JsonNode body = Json.parseObject(json, "model list", Json.Fault.REPLY);
    List<Model> found = openAi(body);
    if (found == null) {
      found = ollama(body);
    }
    if (found == null) {
      throw new IllegalArgumentException("not a model list: neither a 'data' nor a 'models' array");
    }
    return new ModelCatalog("parsed", found);
  }

  /** OpenAI's shape, as vLLM (with {@code parent} for LoRA modules) and llama.cpp's server give it; null when it is not. */
  private static List<Model> openAi(JsonNode body) {
    JsonNode data = body.get("data");
    if (data == null || !data.isArray()) {
      return null;
    }
    List<Model> out = new ArrayList<>();
    for (JsonNode m : data) {
      Json.text(m.get("id")).ifPresent(id -> out.add(new Model(id, nonEmpty(m.get("parent")))));
    }
    return out;
  }

  /** Ollama's {@code /api/tags}; a model built on another names it in {@code details.parent_model}. */
  private static List<Model> ollama(JsonNode body) {
    JsonNode list = body.get("models");
    if (list == null || !list.isArray()) {
      return null;
    }
    List<Model> out = new ArrayList<>();
    for (JsonNode m : list) {
      Json.text(m.get("name")).or(() -> Json.text(m.get("model")))
          .ifPresent(id -> out.add(new Model(id, nonEmpty(m.path("details").get("parent_model")))));
    }
    return out;
  }

  private static Optional<String> nonEmpty(JsonNode node) {
    return Json.text(node).filter(s -> !s.isBlank());
  }

  /** Where the list came from (the URL), for messages. */
  public String source() {
    return source;
  }

  /** Every model listed, in the server's order. */
  public List<Model> models() {
    return models;
  }

  /** The ids of the listed adapters (models with a parent): what {@code Backend.Builder.adapters(..)} takes. */
  public List<String> adapters() {
    return models.stream().filter(Model::adapter).map(Model::id).toList();
  }

  /** The ids of the listed models that are not adapters. */
  public List<String> baseModels() {
    return models.stream().filter(m -> !m.adapter()).map(Model::id).toList();
  }

  @Override
  public String toString() {
    return "ModelCatalog{" + source + ", models=" + baseModels() + ", adapters=" + adapters() + "}";
  }
}
