package com.keywordtrend.trends;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.keywordtrend.model.Job;
import com.keywordtrend.model.JobPolicy;
import com.keywordtrend.model.JobType;
import java.time.Instant;
import java.time.LocalDate;

/** Trends jobs of a chosen size, for the heap estimate's test and the heap bench (stream-processors' TrendJobHeap). */
public final class SyntheticTrendsJobs {
    private SyntheticTrendsJobs() {
    }

    /** A trends job bringing an export of {@code keywords} daily series of {@code rows} points, each named in {@code nameLength} characters. */
    public static Job job(int keywords, int rows, int nameLength) {
        StringBuilder csv = new StringBuilder("Day");
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("industry", "bench").put("granularity", "daily");
        var list = data.putArray("keywords");
        for (int k = 0; k < keywords; k++) {
            String name = String.format("t%02d", k) + "x".repeat(Math.max(0, nameLength - 3));
            csv.append(',').append(name);
            list.add(name);
        }
        csv.append('\n');
        LocalDate day = LocalDate.of(2022, 1, 1);
        for (int i = 0; i < rows; i++) {
            csv.append(day.plusDays(i));
            for (int k = 0; k < keywords; k++) csv.append(',').append((int) (50 + 40 * Math.sin(i / 30.0 + k) + (i * 7 + k * 13) % 9));
            csv.append('\n');
        }
        data.put("series_csv", csv.toString());
        return Job.pending("11111111-2222-4333-8444-555555555555", JobType.TRENDS, Job.ANONYMOUS, Instant.now(), JobPolicy.DEFAULT, data);
    }
}
