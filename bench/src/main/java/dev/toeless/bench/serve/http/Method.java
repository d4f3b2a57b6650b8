package dev.toeless.bench.serve.http;

/** The request methods the server knows; any other valid token is {@link #OTHER}. */
public enum Method {
    GET, HEAD, PUT, POST, OTHER
}
