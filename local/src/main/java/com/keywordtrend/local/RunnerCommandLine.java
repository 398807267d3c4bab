package com.keywordtrend.local;

import com.keywordtrend.local.emulator.Dynoxide;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** local/run.sh's options (local/src/main/resources/usage.txt), the runner started with them, and its exit codes. */
final class RunnerCommandLine {
    private RunnerCommandLine() {
    }

    static void run(String[] args) throws Exception {
        LocalRunner.Options options = new LocalRunner.Options();
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--port" -> options.apiPort(port(value(args, ++i, arg), arg));
                    case "--dynamodb-port" -> options.dynamoDbPort(port(value(args, ++i, arg), arg));
                    case "--db-path" -> options.dbPath(dbPath(value(args, ++i, arg)));
                    case "--dynamodb-endpoint" -> options.dynamoDbEndpoint(value(args, ++i, arg));
                    case "--project" -> options.projectRoot(Path.of(value(args, ++i, arg)).toAbsolutePath());
                    case "--offline" -> options.parameter("SourcesOffline", "true");
                    case "--contact" -> options.parameter("SourcesContact", value(args, ++i, arg));
                    case "--auth" -> options.auth(true);
                    case "--no-iam" -> options.iam(false);
                    case "--no-aot-cache" -> options.aotCache(false);
                    case "--max-environments" -> options.maxEnvironments(positive(value(args, ++i, arg), arg));
                    case "--param" -> {
                        String[] kv = value(args, ++i, arg).split("=", 2);
                        if (kv.length != 2) throw new LocalRunnerException("--param takes Name=Value");
                        options.parameter(kv[0], kv[1]);
                    }
                    case "--help", "-h" -> {
                        System.out.println(USAGE);
                        return;
                    }
                    default -> throw new LocalRunnerException("unknown option " + arg + "\n" + USAGE);
                }
            }
            if (!Files.exists(options.projectRoot.resolve("template.yaml"))) {
                throw new LocalRunnerException("no template.yaml in " + options.projectRoot + ": run from the project root or pass --project");
            }
            CountDownLatch stopped = new CountDownLatch(1);
            LocalRunner runner = LocalRunner.start(options);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.err.println("keyword-trend local: shutting down");
                runner.close();
                stopped.countDown();
            }));
            runner.stopped().thenRun(() -> System.exit(1));
            System.err.println("keyword-trend local: API on " + runner.apiBase() + " (POST /orchestrate, POST /trends, GET /jobs, GET|DELETE /jobs/{job_id})"
                    + (options.auth ? ", tokens checked (local/token.sh SUB makes one)" : "") + ", DynamoDB on "
                    + runner.dynamoDbEndpoint() + ", S3 on " + runner.s3().endpoint() + " (bucket resultsbucket); Ctrl-C stops");
            stopped.await();
        } catch (LocalRunnerException e) {
            System.err.println("keyword-trend local: " + e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            System.err.println("keyword-trend local: " + e.getMessage());
            System.exit(1);
        }
    }

    private static int port(String text, String option) {
        if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) > 65535) {
            throw new LocalRunnerException(option + " takes a port number (1 to 65535), not '" + text + "'");
        }
        return Integer.parseInt(text);
    }

    private static int positive(String text, String option) {
        if (!text.matches("[1-9][0-9]{0,3}")) throw new LocalRunnerException(option + " takes a whole number from 1 to 9999, not '" + text + "'");
        return Integer.parseInt(text);
    }

    /**
     * The emulator's database is one file: a directory is refused before anything starts. A trailing slash
     * says one too, though a Path drops it (and the emulator would create a file of that name).
     */
    private static Path dbPath(String text) {
        if (text.endsWith("/") || Files.isDirectory(Path.of(text))) throw Dynoxide.directoryAsDbPath(Path.of(text));
        return Path.of(text);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new LocalRunnerException(option + " needs a value");
        return args[i];
    }

    /** local/src/main/resources/usage.txt: run.sh prints the same file for --help without building anything. */
    static final String USAGE = usage();

    private static String usage() {
        try (var in = RunnerCommandLine.class.getResourceAsStream("/usage.txt")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).stripTrailing();
        } catch (IOException | NullPointerException e) {
            return "usage: local/run.sh [options]: see local/src/main/resources/usage.txt";
        }
    }
}
