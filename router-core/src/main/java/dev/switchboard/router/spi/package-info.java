/**
 * For writers of backend adapters (router-okhttp is one): assembling a stream of chunks into a
 * response ({@link dev.switchboard.router.spi.StreamAssembler}), the JSON helpers the wire types
 * use ({@link dev.switchboard.router.spi.Json}), and the stream plumbing a blocking client can
 * reuse ({@link dev.switchboard.router.spi.Streams}). Applications that only call the router do
 * not need this package.
 */
package dev.switchboard.router.spi;
