package dev.toeless.bench.cli;

import dev.toeless.bench.calibrate.CalibrateCommand;
import dev.toeless.bench.demo.DemoCommand;
import dev.toeless.bench.replay.ReplayCommand;
import dev.toeless.bench.sim.SimCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code toeless} command line. Each subcommand is a class of its own; this one only
 * collects them and turns failures into one clear line (never a stack trace, unless
 * {@code TOELESS_DEBUG=1}).
 */
@Command(name = "toeless",
    mixinStandardHelpOptions = true,
    version = "toeless 0.1.0",
    description = {
        "A stateless-offload NIC model and the host TCP/IP stack that drives it.",
        "Run './toeless COMMAND --help' for the options of a command."},
    subcommands = {DemoCommand.class, ReplayCommand.class, SimCommand.class, CalibrateCommand.class,
        CommandLine.HelpCommand.class})
public final class ToelessCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static CommandLine commandLine() {
        final CommandLine cl = new CommandLine(new ToelessCommand());
        cl.setUsageHelpWidth(110);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            final PrintWriter err = commandLine.getErr();
            if ("1".equals(System.getenv("TOELESS_DEBUG"))) {
                ex.printStackTrace(err);
            }
            final String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            err.println("toeless " + commandLine.getCommandName() + ": " + msg);
            return 1;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
