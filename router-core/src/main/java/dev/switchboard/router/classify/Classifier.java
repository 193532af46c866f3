package dev.switchboard.router.classify;

import dev.switchboard.router.chat.ChatRequest;

/**
 * Decides what kind of work a request is. Implementations are thread-safe, fast (they run on
 * every request, before any backend is called) and never call a model. Throwing is a bug: when
 * unsure, return {@link TaskCategory#GENERAL} with a low confidence, which routes conservatively.
 */
@FunctionalInterface
public interface Classifier {
  Classification classify(ChatRequest request);
}
