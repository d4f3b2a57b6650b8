package dev.toeless.bench.report;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** A failure as the one line a user reads: which file, and what was wrong with it. */
public final class ErrorText {
    private ErrorText() {
    }

    /**
     * One line for a failure. A file-system exception's own message is often just a path; this
     * names the path and says what was wrong with it.
     */
    public static String describe(Throwable ex) {
        if (ex instanceof FileSystemException fs && fs.getFile() != null) {
            final String reason = switch (fs) {
                case AccessDeniedException e -> "permission denied";
                case NoSuchFileException e -> "no such file or directory";
                case NotDirectoryException e -> "not a directory";
                case FileAlreadyExistsException e -> "already exists (and is not a directory)";
                case DirectoryNotEmptyException e -> "directory not empty";
                default -> fs.getReason() != null ? fs.getReason() : fs.getClass().getSimpleName();
            };
            final String detail = fs.getReason() != null && !fs.getReason().equalsIgnoreCase(reason)
                && !(fs instanceof FileAlreadyExistsException) ? " (" + fs.getReason() + ")" : "";
            return fs.getFile() + (fs.getOtherFile() != null ? " -> " + fs.getOtherFile() : "") + ": " + reason + detail;
        }
        return ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    }

    /** {@code describe(e)} about a file given by {@code option}, naming the option and the file once. */
    public static String about(String option, Object file, Throwable e) {
        final String d = describe(e);
        return d.startsWith(file.toString()) ? option + " " + d : option + " " + file + ": " + d;
    }
}
