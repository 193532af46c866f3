package dev.switchboard.router;

import dev.switchboard.router.chat.ChatChunk;
import dev.switchboard.router.chat.ChatResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A caller's stream listener for tests: records each content delta, then "<complete backend>" or "<error Type>". */
final class SeenListener implements StreamListener {
  /** Everything the caller saw, in order. */
  final List<String> seen = Collections.synchronizedList(new ArrayList<>());

  @Override
  public void onChunk(ChatChunk chunk) {
    if (!chunk.contentDelta().isEmpty()) {
      seen.add(chunk.contentDelta());
    }
  }

  @Override
  public void onComplete(ChatResponse response) {
    seen.add("<complete " + response.route().backend() + ">");
  }

  @Override
  public void onError(Throwable error) {
    seen.add("<error " + error.getClass().getSimpleName() + ">");
  }
}
