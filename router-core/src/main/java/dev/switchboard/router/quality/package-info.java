/**
 * The quality loop's settings ({@link dev.switchboard.router.quality.QualityPolicy}), the scorers
 * that compare a cheap answer with the reference model's, and what the loop reports
 * (snapshots, events, calibration).
 */
package dev.switchboard.router.quality;
