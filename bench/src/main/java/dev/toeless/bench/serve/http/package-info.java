/**
 * HTTP/1.1 framing for {@code toeless serve} (RFC 9112): flyweight parsers over a buffer holding a
 * request head or a chunk-size line, and the response heads the server writes. Nothing here does
 * I/O or allocates per byte; every parser can be called on any byte array or buffer (codec tests,
 * fuzzing).
 */
package dev.toeless.bench.serve.http;
