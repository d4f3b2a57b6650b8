package dev.toeless.stack.filter;

/** What a rule does with a packet it matches. Only ACCEPT and DROP can be a chain policy. */
public enum Target {
    ACCEPT,
    DROP,
    REJECT
}
