/**
 * The wire types: the OpenAI chat-completions shape ({@link dev.switchboard.router.chat.ChatRequest},
 * {@link dev.switchboard.router.chat.ChatResponse}, {@link dev.switchboard.router.chat.ChatChunk} and
 * their parts), immutable, with builders and a lossless JSON round trip, and the routing metadata
 * that travels beside a request and is never sent to a backend.
 */
package dev.switchboard.router.chat;
