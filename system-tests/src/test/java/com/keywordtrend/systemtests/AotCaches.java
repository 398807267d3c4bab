package com.keywordtrend.systemtests;

import com.keywordtrend.local.LocalRunner;
import com.keywordtrend.local.lambda.LocalFunction;
import java.time.Duration;
import java.util.List;

/**
 * Makes the AOT caches of the task roots the system tests run (the jars as built, and with the fault
 * injectors added), as the tests start: run by the build in the background (exec, process-test-classes). A
 * runner would make them at its first environments anyway, but a test's runner often closes before its
 * training ends; made here, in a process that outlives the first test classes, once for all of them (a
 * test's runner waits for this training rather than making the same cache). One function per jar starts
 * an environment, which trains the cache its jar's functions share.
 */
final class AotCaches {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private AotCaches() {
    }

    public static void main(String[] args) throws Exception {
        for (LocalRunner.Options options : List.of(TestRunners.options("AotCaches"), TestRunners.withFaults("AotCaches"))) {
            try (LocalRunner runner = LocalRunner.start(options)) {
                long started = System.nanoTime();
                List<LocalFunction> trained = List.of(runner.function("OrchestrateFunction").orElseThrow(),
                        runner.function("OrchestrateProcessorFunction").orElseThrow());
                trained.forEach(LocalFunction::prewarm);
                while (trained.stream().anyMatch(f -> f.aotCache().isEmpty())) {
                    if (System.nanoTime() - started > TIMEOUT.toNanos()) {
                        System.out.println("AOT caches: not made within " + TIMEOUT.toMinutes() + " min; the tests start without them");
                        break;
                    }
                    Thread.sleep(200); // a training in another process: no event to wait on
                }
                for (LocalFunction function : trained) {
                    System.out.printf("AOT cache for %s: %s (%d s)%n", function.logicalId(),
                            function.aotCache().map(Object::toString).orElse("none"), (System.nanoTime() - started) / 1_000_000_000);
                }
            }
        }
        System.exit(0); // the runner is closed; a function client's non-daemon thread may remain
    }
}
