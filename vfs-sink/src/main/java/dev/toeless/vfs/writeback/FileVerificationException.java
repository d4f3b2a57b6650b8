package dev.toeless.vfs.writeback;

import java.io.IOException;

/** The written file does not read back as the transfer promised (size or SHA-256). */
public final class FileVerificationException extends IOException {
    public FileVerificationException(String message) {
        super(message);
    }
}
