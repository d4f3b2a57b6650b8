package dev.toeless.bench.debate;

import dev.toeless.bench.demo.CostSetup;

import java.nio.file.Path;

/**
 * What every experiment of one run shares: the scale, the one seed, the cost profile host B is
 * charged with, the modes, a scratch folder for received files, and the runner of sweep points.
 */
public record DebateContext(Scale scale, long seed, CostSetup cost, ModeRegistry modes, Path scratch,
                            SweepPoints points) {
}
