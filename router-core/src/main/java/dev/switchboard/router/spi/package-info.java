/**
 * For writers of backend adapters (router-okhttp is one): assembling a stream of chunks into a
 * response ({@link dev.switchboard.router.spi.StreamAssembler}), the JSON helpers the wire types
 * use ({@link dev.switchboard.router.spi.Json}), the stream plumbing a blocking client can
 * reuse ({@link dev.switchboard.router.spi.Streams}); and the makers of what a config file names
 * that router-core does not make itself: backends ({@link dev.switchboard.router.spi.BackendFactory},
 * router-okhttp's) and ledgers ({@link dev.switchboard.router.spi.LedgerFactory}, router-redis's).
 * Applications that only call the router do not need this package.
 */
package dev.switchboard.router.spi;
