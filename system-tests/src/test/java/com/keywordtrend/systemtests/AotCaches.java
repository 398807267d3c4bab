package com.keywordtrend.systemtests;

import com.keywordtrend.local.LocalRunner;
import com.keywordtrend.local.lambda.LocalFunction;
import java.time.Duration;
import java.util.List;

/**
 * Makes the AOT caches of the jars' task roots before the first test class starts: run by the build (exec,
 * process-test-classes). A runner would make them at its first environments anyway, but then every
 * environment started meanwhile starts without one, and the trainings share the CPU with the first classes:
 * run beside them, four trainings took 54–65 s instead of 26 and the first classes ran up to twice as long.
 * The two roots are trained at once; one function per root starts an environment, which trains the cache its
 * root's functions share. The processors' root with the fault injectors added is left to the first fault
 * test's runner (EmulatorFaultsTest, first in the run order, mostly waiting for its outages): trained here
 * too, it cost the build 12 s more before any class could start.
 */
final class AotCaches {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private AotCaches() {
    }

    public static void main(String[] args) throws Exception {
        try (LocalRunner runner = LocalRunner.start(TestRunners.options("AotCaches"))) {
            long started = System.nanoTime();
            List<LocalFunction> trained = List.of(runner.function("OrchestrateFunction").orElseThrow(),
                    runner.function("OrchestrateProcessorFunction").orElseThrow());
            trained.forEach(LocalFunction::prewarm);
            while (trained.stream().anyMatch(f -> f.aotCache().isEmpty())) {
                if (System.nanoTime() - started > TIMEOUT.toNanos()) {
                    System.out.println("AOT caches: not made within " + TIMEOUT.toMinutes() + " min; the tests start without them");
                    break;
                }
                Thread.sleep(200); // the training runs in the runner's background, or in a process holding its lock: no event to wait on
            }
            for (LocalFunction function : trained) {
                System.out.printf("AOT cache for %s: %s (%d s)%n", function.logicalId(),
                        function.aotCache().map(Object::toString).orElse("none"), (System.nanoTime() - started) / 1_000_000_000);
            }
        }
        System.exit(0); // the runner is closed; a function client's non-daemon thread may remain
    }
}
