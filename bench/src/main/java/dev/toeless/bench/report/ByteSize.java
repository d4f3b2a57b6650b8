package dev.toeless.bench.report;

import picocli.CommandLine;

import java.util.Locale;

/**
 * Sizes on the command line: a number with an optional binary unit ({@code 4096}, {@code 64K},
 * {@code 256MiB}, {@code 5G}); K, M, G, T are powers of 1024, as everywhere in this project.
 */
public final class ByteSize implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        return parse(value);
    }

    public static long parse(String value) {
        final String s = value.trim().toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
        int end = s.length();
        long unit = 1;
        if (end > 0) {
            switch (s.charAt(end - 1)) {
                case 'K' -> unit = 1L << 10;
                case 'M' -> unit = 1L << 20;
                case 'G' -> unit = 1L << 30;
                case 'T' -> unit = 1L << 40;
                default -> unit = 1;
            }
            if (unit != 1) {
                end--;
            }
        }
        try {
            final long n = Long.parseLong(s.substring(0, end).trim());
            if (n < 0) {
                throw new CommandLine.TypeConversionException("'" + value + "' is negative");
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a size (examples: 4096, 64K, 256MiB, 5G)");
        }
    }

    /** {@code 256 MiB}, {@code 4.0 GiB}, {@code 512 B}. */
    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        final String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return v == Math.rint(v) ? String.format("%d %s", (long) v, units[u]) : String.format("%.1f %s", v, units[u]);
    }
}
