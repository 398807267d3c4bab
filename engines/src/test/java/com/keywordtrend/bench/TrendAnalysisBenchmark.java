package com.keywordtrend.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.trends.Granularity;
import com.keywordtrend.trends.TrendReport;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The whole analysis (scale, timeline, every insight, summary) of a trends job: 50 weekly series.
 * Divide the time by keywords × points for the time per point.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TrendAnalysisBenchmark {
    @Param({"50"})
    public int keywords;

    @Param({"100", "260", "500", "1000", "2000"})
    public int points;

    List<LocalDate> dates;
    List<String> names;
    Map<String, TrendReport.KeywordSeries> series;

    @Setup
    public void setUp() {
        Random random = new Random(7);
        dates = new ArrayList<>();
        for (int i = 0; i < points; i++) dates.add(LocalDate.of(2000, 1, 2).plusWeeks(i));
        names = new ArrayList<>();
        series = new LinkedHashMap<>();
        for (int k = 0; k < keywords; k++) {
            String name = "keyword " + k;
            double[] x = new double[points];
            double trend = random.nextGaussian() * 0.1;
            for (int t = 0; t < points; t++) {
                x[t] = Math.max(0, 50 + trend * t + 10 * Math.sin(2 * Math.PI * t / 52) + 3 * random.nextGaussian());
                if (random.nextInt(100) == 0) x[t] = Double.NaN;
            }
            names.add(name);
            series.put(name, new TrendReport.KeywordSeries(name, x, "google_trends_csv"));
        }
    }

    @Benchmark
    public TrendReport.Report analyse() {
        return TrendReport.build(Granularity.WEEKLY, dates, names, series);
    }
}
