package dev.toeless.bench.replay;

import java.util.List;

/**
 * What replay recovered of one stream.
 *
 * @param stream      {@code SRC:PORT > DST:PORT}
 * @param file        the file written, or null when the stream was not complete
 * @param bytes       the stream's length (to its FIN, or to the furthest byte seen)
 * @param sha256      of the file written, or empty
 * @param complete    every byte from the first to the end was captured intact
 * @param missing     byte ranges never captured intact, as {@code [start, end)} stream offsets
 * @param conflicts   byte ranges captured again with different content (the file keeps what Linux keeps)
 * @param notes       anything a reader should know (no SYN, no FIN, reset, write errors)
 */
public record StreamReport(String stream, String file, long bytes, String sha256, boolean complete,
                           List<String> missing, List<String> conflicts, List<String> notes, long segments,
                           long payloadBytes,
                           long pagesFlipped, long pagesCopied) {
}
