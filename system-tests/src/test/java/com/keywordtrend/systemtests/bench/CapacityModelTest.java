package com.keywordtrend.systemtests.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The capacity and cost page's table (docs/capacity-and-cost.md) reproduces from the model's own numbers. */
class CapacityModelTest {
    @Test
    void the_capacity_page_shows_the_table_the_model_computes() throws Exception {
        String page = Files.readString(Path.of("../docs/capacity-and-cost.md"));
        assertTrue(page.contains(CapacityModel.table()), "docs/capacity-and-cost.md's table differs from CapacityModel.table():\n" + CapacityModel.table());
        assertTrue(page.replace("\n", " ").contains(CapacityModel.largeResult()), "docs/capacity-and-cost.md's large-result costs differ:\n"
                + CapacityModel.largeResult());
    }

    @Test
    void limits_are_met_in_order_and_one_start_a_second_binds_nothing() {
        CapacityModel.Row trickle = CapacityModel.row(1);
        assertTrue(trickle.bindsFirst().startsWith("none"));
        assertEquals(1, Math.round(trickle.jobsPerInvocation()), "at a trickle each job has an invocation of its own");
        assertTrue(CapacityModel.row(1000).bindsFirst().startsWith("API stage throttle"));
        double previous = 0;
        for (CapacityModel.Limit limit : CapacityModel.limits()) {
            assertTrue(limit.jobsPerSecond() >= previous);
            previous = limit.jobsPerSecond();
        }
    }
}
