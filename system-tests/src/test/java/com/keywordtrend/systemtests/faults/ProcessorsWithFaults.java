package com.keywordtrend.systemtests.faults;

import com.keywordtrend.model.JobPolicy;
import com.keywordtrend.model.JobType;
import com.keywordtrend.model.Settings;
import com.keywordtrend.engines.JobEngine;
import com.keywordtrend.processors.JobStreamProcessor;
import java.time.Clock;

/** Wires a processor as the real one is wired, around a fault-injecting engine. */
public final class ProcessorsWithFaults {
    private ProcessorsWithFaults() {
    }

    static JobStreamProcessor processor(JobType type, JobEngine real) {
        return new JobStreamProcessor(type, new FaultInjectingEngine(real), com.keywordtrend.processors.ProcessorWiring.repository(),
                JobPolicy.fromSettings(Settings.SYSTEM), Clock.systemUTC());
    }

    /** The directory these classes were loaded from (system-tests/target/test-classes), wherever the JVM was started. */
    private static java.nio.file.Path testClasses() {
        try {
            return java.nio.file.Path.of(ProcessorsWithFaults.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runner options that run both processors with faults (the test classes join their task root, and only theirs). */
    public static com.keywordtrend.local.LocalRunner.Options apply(com.keywordtrend.local.LocalRunner.Options options) {
        return options.handler("OrchestrateProcessorFunction", OrchestrateWithFaults.class.getName() + "::handleRequest", testClasses())
                .handler("TrendsProcessorFunction", TrendsWithFaults.class.getName() + "::handleRequest", testClasses());
    }
}
