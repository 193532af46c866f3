package dev.switchboard.router.chat;

/** How urgently the application needs an answer. */
public enum Priority {
  /** A person is waiting. */
  INTERACTIVE,
  /** The default. */
  NORMAL,
  /** Offline work that can wait for a provider's discounted batch API. */
  BULK
}
