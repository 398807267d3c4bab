package com.keywordtrend.keywords;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executor;

/**
 * all-MiniLM-L6-v2 (quantized), as langchain4j's {@link AllMiniLmL6V2QuantizedEmbeddingModel} builds it (the
 * same files, mean pooling, ONNX Runtime's default session), but read in place where the deployment package
 * lies unpacked: Lambda unpacks the jar into LAMBDA_TASK_ROOT, so ONNX Runtime maps the model file and loads its
 * native library from there. From the jar's resources, every environment copied the 23 MB model into the heap
 * and the 20 MB native library into /tmp first: 0.35–0.45 CPU-s of its init. Elsewhere (unit tests, a jar on a
 * classpath) the model comes from the resources as before.
 */
final class MiniLmModel extends AbstractInProcessEmbeddingModel {
    static final String MODEL = "all-minilm-l6-v2-q.onnx";
    static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";
    /** Read by ONNX Runtime when it first loads: a directory holding its two native libraries. */
    static final String NATIVE_PATH = "onnxruntime.native.path";
    private static final int DIMENSION = 384;

    private final OnnxBertBiEncoder encoder;

    private MiniLmModel(Executor executor, OnnxBertBiEncoder encoder) {
        super(executor);
        this.encoder = encoder;
    }

    /** The model from {@code taskRoot} when the package lies unpacked there (null: not in Lambda), from the jar otherwise. */
    static EmbeddingModel load(Executor executor, Path taskRoot) {
        if (taskRoot == null || !Files.isRegularFile(taskRoot.resolve(MODEL)) || !Files.isRegularFile(taskRoot.resolve(TOKENIZER))) {
            return new AllMiniLmL6V2QuantizedEmbeddingModel(executor);
        }
        Path nativeLibraries = taskRoot.resolve("ai/onnxruntime/native/linux-" + architecture(System.getProperty("os.arch", "")));
        if (System.getProperty(NATIVE_PATH) == null && Files.isRegularFile(nativeLibraries.resolve("libonnxruntime4j_jni.so"))) {
            System.setProperty(NATIVE_PATH, nativeLibraries.toString());
        }
        try (InputStream tokenizer = Files.newInputStream(taskRoot.resolve(TOKENIZER))) {
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession session = environment.createSession(taskRoot.resolve(MODEL).toString(), new OrtSession.SessionOptions());
            return new MiniLmModel(executor, new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN));
        } catch (OrtException | IOException e) {
            throw new IllegalStateException("the embedding model in " + taskRoot + " could not be loaded", e);
        }
    }

    /** ONNX Runtime's name for a JVM's {@code os.arch} in its native library directories. */
    static String architecture(String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        return arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch;
    }

    @Override
    protected OnnxBertBiEncoder model() {
        return encoder;
    }

    @Override
    protected Integer knownDimension() {
        return DIMENSION;
    }
}
