package com.keywordtrend.local.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's capacity and cost table reproduces from the model's own numbers. */
class CapacityModelTest {
    @Test
    void the_readme_shows_the_table_the_model_computes() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        assertTrue(readme.contains(CapacityModel.table()), "README.md's capacity table differs from CapacityModel.table():\n" + CapacityModel.table());
        assertTrue(readme.replace("\n", " ").contains(CapacityModel.largeResult()), "README.md's large-result costs differ:\n" + CapacityModel.largeResult());
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
