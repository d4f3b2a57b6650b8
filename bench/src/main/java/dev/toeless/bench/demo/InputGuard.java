package dev.toeless.bench.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps an output from landing on an input: a capture or a received file written over the file
 * being sent would destroy the user's file and send nothing. Two paths are the same file when
 * they name the same entry or, both existing, the same file by its key (device and inode), so a
 * symbolic or hard link to the input is refused too.
 */
public final class InputGuard {
    private InputGuard() {
    }

    /** Whether writing {@code output} would write over {@code input}. */
    public static boolean isSameFile(Path output, Path input) {
        if (output == null || input == null) {
            return false;
        }
        if (output.toAbsolutePath().normalize().equals(input.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.exists(output) && Files.exists(input) && Files.isSameFile(output, input);
        } catch (IOException e) {
            return false; // one of them cannot be examined: it cannot be opened to write over the other either
        }
    }

    /** Throws when {@code output} (the value of option {@code option}) is {@code input}. */
    public static void refuse(Path output, Path input, String option) throws IOException {
        if (isSameFile(output, input)) {
            throw new IOException(message(output, input, option));
        }
    }

    /** The one line a user reads when {@code output} is {@code input}. */
    public static String message(Path output, Path input, String option) {
        return option + " " + output + " is the file to send (" + input + "): refusing to write over an input";
    }
}
