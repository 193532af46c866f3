package dev.switchboard.router.classify;

/**
 * One kind of evidence: reads the segmented prompt and adds signals to the evidence (a few also
 * withdraw or replace what an earlier collector found). The engine runs a list of them in order;
 * a collector may read what the ones before it found. Implementations are immutable and shared
 * across threads; everything about one request is in its arguments.
 */
interface SignalCollector {
  void collect(SegmentedPrompt prompt, Evidence evidence);
}
