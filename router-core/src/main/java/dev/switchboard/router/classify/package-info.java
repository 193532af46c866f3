/**
 * Classification: {@link dev.switchboard.router.classify.TaskCategory}, the
 * {@link dev.switchboard.router.classify.Classifier} interface an application may implement, and
 * the default {@link dev.switchboard.router.classify.RuleBasedClassifier} with the signals it
 * reports. The engine behind the default classifier is package-private.
 */
package dev.switchboard.router.classify;
