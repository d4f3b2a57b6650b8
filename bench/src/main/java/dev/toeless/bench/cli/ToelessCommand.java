package dev.toeless.bench.cli;

import dev.toeless.bench.calibrate.CalibrateCommand;
import dev.toeless.bench.debate.DebateCommand;
import dev.toeless.bench.demo.DemoCommand;
import dev.toeless.bench.report.ErrorText;
import dev.toeless.bench.sim.flood.SynFloodCommand;
import dev.toeless.bench.toe.ToeCommand;
import dev.toeless.bench.fuzz.FuzzCommand;
import dev.toeless.bench.packetdrill.PacketdrillCommand;
import dev.toeless.bench.peers.PeersCommand;
import dev.toeless.bench.replay.ReplayCommand;
import dev.toeless.bench.serve.ServeCommand;
import dev.toeless.bench.sim.SimCommand;
import dev.toeless.vfs.writeback.PartFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

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
        "Run './toeless COMMAND --help' for the options of a command; './toeless test' runs every test and",
        "'./toeless jmh [JMH ARGS]' the benchmarks."},
    subcommands = {DemoCommand.class, ReplayCommand.class, SimCommand.class, CalibrateCommand.class, ServeCommand.class, PacketdrillCommand.class, SynFloodCommand.class, ToeCommand.class, PeersCommand.class, FuzzCommand.class, DebateCommand.class,
        CommandLine.HelpCommand.class})
public final class ToelessCommand implements Callable<Integer> {
    /** The exit code of a bad argument, every command's. */
    static final int BAD_ARGUMENTS = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** No command given: that is a usage error, so the usage goes to stderr and the exit code is 2. */
    @Override
    public Integer call() {
        final PrintWriter err = spec.commandLine().getErr();
        err.println("toeless: no command given");
        spec.commandLine().usage(err);
        return BAD_ARGUMENTS;
    }

    public static CommandLine commandLine() {
        final CommandLine cl = new CommandLine(new ToelessCommand());
        cl.setUsageHelpWidth(110);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            final PrintWriter err = commandLine.getErr();
            if ("1".equals(System.getenv("TOELESS_DEBUG"))) {
                ex.printStackTrace(err);
            }
            err.println("toeless " + commandLine.getCommandName() + ": " + ErrorText.describe(ex));
            return 1;
        });
        return cl;
    }

    public static void main(String[] args) {
        // Ctrl-C (or any other stop) in the middle of receiving leaves no part file behind
        Runtime.getRuntime().addShutdownHook(new Thread(PartFile::discardAllOpen, "toeless-part-files"));
        System.exit(commandLine().execute(args));
    }
}
