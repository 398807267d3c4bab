package com.keywordtrend.systemtests;

import com.keywordtrend.local.LocalRunner;
import com.keywordtrend.local.lambda.LocalFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Makes the AOT caches of the task roots the system tests run (the jars as built, and the processors' jar
 * with the fault injectors added) before the first test class starts: run by the build (exec,
 * process-test-classes). A runner would make them at its first environments anyway, but then every
 * environment started meanwhile starts without one, and the trainings share the CPU with the first classes:
 * run beside them, a training took 54–65 s instead of 26 and the first classes ran up to twice as long. The
 * three roots are trained at once. One function per root starts an environment, which trains the cache its
 * root's functions share.
 */
final class AotCaches {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private AotCaches() {
    }

    public static void main(String[] args) throws Exception {
        List<Future<String>> trainings = new ArrayList<>();
        try (ExecutorService runners = Executors.newVirtualThreadPerTaskExecutor()) {
            trainings.add(runners.submit(() -> train(TestRunners.options("AotCaches"), "OrchestrateFunction", "OrchestrateProcessorFunction")));
            // a fault runner's API functions run in the jar's own root, trained above
            trainings.add(runners.submit(() -> train(TestRunners.withFaults("AotCaches-faults"), "OrchestrateProcessorFunction")));
        }
        for (Future<String> training : trainings) System.out.print(training.get());
        System.exit(0); // the runners are closed; a function client's non-daemon thread may remain
    }

    /** Starts a runner and an environment of each function named, and waits until their roots' caches are made; what it made. */
    private static String train(LocalRunner.Options options, String... functions) throws Exception {
        StringBuilder made = new StringBuilder();
        try (LocalRunner runner = LocalRunner.start(options)) {
            long started = System.nanoTime();
            List<LocalFunction> trained = java.util.Arrays.stream(functions).map(id -> runner.function(id).orElseThrow()).toList();
            trained.forEach(LocalFunction::prewarm);
            while (trained.stream().anyMatch(f -> f.aotCache().isEmpty())) {
                if (System.nanoTime() - started > TIMEOUT.toNanos()) {
                    made.append("AOT caches: not made within ").append(TIMEOUT.toMinutes()).append(" min; the tests start without them\n");
                    break;
                }
                Thread.sleep(200); // the training runs in the runner's background, or in a process holding its lock: no event to wait on
            }
            for (LocalFunction function : trained) {
                made.append(String.format("AOT cache for %s: %s (%d s)%n", function.logicalId(),
                        function.aotCache().map(Object::toString).orElse("none"), (System.nanoTime() - started) / 1_000_000_000));
            }
        }
        return made.toString();
    }
}
