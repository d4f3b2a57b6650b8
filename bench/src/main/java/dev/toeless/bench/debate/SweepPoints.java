package dev.toeless.bench.debate;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs an experiment's independent sweep points on a fixed number of threads (the machine's cores
 * by default) with a progress bar per experiment. Each point builds its own model from the seed,
 * so the figures do not depend on how many run at once (a test compares one thread with two).
 * A point that throws comes back as a failed {@link Outcome} with its reason; it never stops the
 * others.
 */
public final class SweepPoints implements AutoCloseable {
    /** One point's result, or why it failed. */
    public record Outcome<T>(String label, T value, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    /** One point: a label for the report, and the work. */
    public record Point<T>(String label, Callable<T> work) {
    }

    private final ExecutorService pool;
    private final int threads;
    private final PrintStream progressOut;
    private final boolean bars;

    /** @param progressOut where progress goes (bars on a terminal, a line per experiment otherwise), or null */
    public SweepPoints(int threads, PrintStream progressOut, boolean bars) {
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            final Thread t = new Thread(r, "debate-point");
            t.setDaemon(true);
            return t;
        });
        this.progressOut = progressOut;
        this.bars = bars;
    }

    public int threads() {
        return threads;
    }

    /** Runs every point, at most {@link #threads()} at once, and returns their outcomes in order. */
    public <T> List<Outcome<T>> run(String task, List<Point<T>> points) throws InterruptedException {
        final long start = System.nanoTime();
        final List<Future<T>> futures = new ArrayList<>();
        for (Point<T> p : points) {
            futures.add(pool.submit(p.work()));
        }
        final List<Outcome<T>> out = new ArrayList<>();
        try (ProgressBar bar = bars && progressOut != null ? new ProgressBarBuilder().setTaskName(String.format("%-4s", task))
            .setInitialMax(points.size()).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
            .setConsumer(new ConsoleProgressBarConsumer(progressOut))
            .setUnit(" points", 1).build() : null) {
            for (int i = 0; i < points.size(); i++) {
                out.add(outcome(points.get(i).label(), futures.get(i)));
                if (bar != null) {
                    bar.step();
                }
            }
        }
        if (!bars && progressOut != null) {
            progressOut.printf("%-4s %d points in %.1f s%n", task, points.size(), (System.nanoTime() - start) / 1e9);
        }
        return out;
    }

    private static <T> Outcome<T> outcome(String label, Future<T> f) throws InterruptedException {
        try {
            return new Outcome<>(label, f.get(), null);
        } catch (ExecutionException e) {
            final Throwable c = e.getCause();
            return new Outcome<>(label, null, c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
