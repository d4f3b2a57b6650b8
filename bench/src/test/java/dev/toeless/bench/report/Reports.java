package dev.toeless.bench.report;

import java.util.List;

/** A sample report with every kind of chart the debate draws: bars, log-log lines, a failed point. */
final class Reports {
    private Reports() {
    }

    static HtmlReport sample() {
        final ChartSpec bars = ChartSpec.bars("payload passes per byte", "mode", "touch_per_byte", false,
            List.of("none", "csum", "csum+gro", "stateless"),
            List.of(ChartSpec.Series.bars("touch_per_byte", 2, 1, 1, 0)));
        final double[] rate = {1, 10, 40, 100, 400};
        final ChartSpec sweep = ChartSpec.lines("cores needed against line rate", "Gbit/s", "cores", true, true,
            List.of(ChartSpec.Series.line("host-2003", rate, new double[] {1.1, 11, 44, 110, 440}),
                new ChartSpec.Series("card", rate, new double[] {0.1, 0.2, 0.4, 1, 3},
                    new boolean[] {false, false, false, false, true})));
        final HtmlReport.Table figures = new HtmlReport.Table(List.of("mode", "touch_per_byte"),
            List.of(List.of("none", "2.0000"), List.of("stateless", "0.0000")));
        return new HtmlReport("Toeless: <sample> & \"report\"")
            .fact("seed", "1")
            .fact("version", "toeless test")
            .table("Verdicts", new HtmlReport.Table(List.of("claim", "verdict"), List.of(List.of("C1", "holds"))))
            .section(new HtmlReport.Section("C1", "C1: receive page accumulation", "the cpu never touches one byte",
                "Miller 2003", "bulk receive, every mode", bars, figures, "holds", "holds",
                "stateless has touch_per_byte 0", "./toeless debate --claims C1", List.of()))
            .section(new HtmlReport.Section("C6", "C6: host CPUs catch up", "", "", "line rate swept", sweep, null,
                "depends on line rate: crossover at 100 Gbit/s", "depends", "", "./toeless debate --claims C6",
                List.of("the card's point at 400 Gbit/s did not finish")));
    }
}
