package dev.toeless.bench.sim;

/**
 * smoltcp's published goodput-versus-loss snapshot ({@code tests/snapshots/netsim__netsim.snap},
 * made by {@code tests/netsim.rs}): bytes per second, rounded down, for the same buffers and loss
 * rates as {@link LossTable}. Its netsim links have no rate limit and its default build has no
 * congestion control, so the like-for-like comparison is our table with {@code --cc none}.
 */
public final class SmoltcpNetsim {
    private static final long[][] GOODPUT = {
        {1_279, 1_255, 1_054, 886, 538, 227, 33, 7},
        {2_559, 2_507, 2_100, 1_770, 1_070, 468, 66, 14},
        {5_119, 5_011, 4_172, 3_531, 2_098, 942, 144, 29},
        {10_238, 10_023, 8_340, 7_084, 4_003, 1_869, 290, 60},
        {17_535, 17_171, 14_093, 12_063, 7_205, 3_379, 824, 131},
        {35_062, 33_852, 27_011, 22_073, 13_680, 7_631, 1_617, 302},
        {77_374, 72_409, 58_428, 48_310, 29_123, 14_314, 2_880, 551},
        {161_842, 159_448, 141_467, 127_073, 78_239, 38_637, 7_565, 1_112},
        {322_944, 314_313, 266_384, 245_985, 138_762, 83_162, 10_739, 1_951},
    };

    private SmoltcpNetsim() {
    }

    /** smoltcp's goodput for one cell, by the indexes of {@link LossTable#BUFFER_BYTES} and {@link LossTable#LOSS}. */
    public static long goodput(int bufferIndex, int lossIndex) {
        return GOODPUT[bufferIndex][lossIndex];
    }
}
