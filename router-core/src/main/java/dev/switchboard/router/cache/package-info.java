/**
 * The response cache's settings ({@link dev.switchboard.router.cache.CachePolicy}) and the
 * figures it reports ({@link dev.switchboard.router.cache.CacheStats}).
 */
package dev.switchboard.router.cache;
