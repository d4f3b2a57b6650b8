package dev.toeless.bench.jmh;

import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

import java.io.PrintStream;

/**
 * {@code toeless jmh ARGS}: JMH's own command line, with an option JMH does not know reported as a
 * bad argument (one line, exit 2) like every other command's, instead of JMH's exit 1.
 */
public final class JmhMain {
    /** The exit code of a bad argument, as for every toeless command. */
    static final int BAD_ARGUMENTS = 2;

    private JmhMain() {
    }

    /** Checks {@code args} as JMH parses them; returns 0 when they parse, else says why and returns 2. */
    public static int check(String[] args, PrintStream err) {
        try {
            new CommandLineOptions(args);
            return 0;
        } catch (CommandLineOptionException e) {
            err.println("toeless jmh: " + e.getMessage());
            err.println("Run './toeless jmh -h' for JMH's options.");
            return BAD_ARGUMENTS;
        }
    }

    public static void main(String[] args) throws Exception {
        final int code = check(args, System.err);
        if (code != 0) {
            System.exit(code);
        }
        org.openjdk.jmh.Main.main(args);
    }
}
