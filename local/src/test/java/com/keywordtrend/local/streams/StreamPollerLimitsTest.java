package com.keywordtrend.local.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.keywordtrend.local.streams.StreamPoller;
import org.junit.jupiter.api.Test;

/** The runner's stream reads held to GetRecords' own limits: 1,000 records and about 1 MB a read. */
class StreamPollerLimitsTest {

    @Test
    void after_a_read_past_one_megabyte_the_next_asks_for_what_would_have_fit() {
        assertEquals(10, StreamPoller.nextReadLimit(100, 100, 10L << 20), "100 records of 100 KB: 10 fit in 1 MB");
        assertEquals(1, StreamPoller.nextReadLimit(10, 3, 5L << 20), "at least one record a read");
    }

    @Test
    void a_full_read_under_one_megabyte_doubles_the_next_up_to_a_thousand() {
        assertEquals(StreamPoller.FIRST_READ_LIMIT * 2, StreamPoller.nextReadLimit(StreamPoller.FIRST_READ_LIMIT, StreamPoller.FIRST_READ_LIMIT, 300_000));
        assertEquals(1000, StreamPoller.nextReadLimit(800, 800, 500_000));
        assertEquals(40, StreamPoller.nextReadLimit(40, 12, 200_000), "a read that was not full leaves the limit as it was");
    }
}
