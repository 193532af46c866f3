package dev.switchboard.router.internal.call;

import dev.switchboard.router.internal.quality.QualityLoop;

/** Offers a dispatched answer to the quality loop, which may sample it against the reference model. */
final class Sample implements Stage {
  private final QualityLoop quality;

  Sample(QualityLoop quality) {
    this.quality = quality;
  }

  @Override
  public boolean run(Call call) {
    if (!call.cacheHit()) {
      quality.offer(call.request(), call.answer(), call.route());
    }
    return true;
  }
}
