package dev.toeless.bench.report;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/**
 * A picocli mixin for the figure commands that print their results as a table or, with
 * {@code --json}, as JSON: the option, the command's output, and a bad argument reported as the
 * command's usage error (picocli prints it with the usage, exit 2).
 */
public final class JsonOrTable {
    @Option(names = "--json", description = "print the results as JSON")
    boolean json;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    /** {@code --json} was given. */
    public boolean json() {
        return json;
    }

    /** The command's output. */
    public PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** A bad argument of the command that mixes this in, to throw. */
    public CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
