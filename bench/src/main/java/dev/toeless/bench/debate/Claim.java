package dev.toeless.bench.debate;

/**
 * One claim of the debate as EXPERIMENTS.md lists it.
 *
 * @param id         C1..C10
 * @param title      the claim in one line
 * @param quote      the seed's own words
 * @param source     who said it, where (the seed file)
 * @param experiment what the experiment does
 */
public record Claim(String id, String title, String quote, String source, String experiment) {
}
