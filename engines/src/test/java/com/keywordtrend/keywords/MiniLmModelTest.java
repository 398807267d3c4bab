package com.keywordtrend.keywords;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding model read in place from an unpacked deployment package, as Lambda lays one out. */
class MiniLmModelTest {
    static final Executor SAME_THREAD = Runnable::run;

    static void unpack(String resource, Path dir) throws Exception {
        try (InputStream in = MiniLmModelTest.class.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, dir.resolve(resource));
        }
    }

    @Test
    void model_read_from_an_unpacked_package_embeds_as_the_jars_model_does(@TempDir Path taskRoot) throws Exception {
        unpack(MiniLmModel.MODEL, taskRoot);
        unpack(MiniLmModel.TOKENIZER, taskRoot);
        EmbeddingModel inPlace = MiniLmModel.load(SAME_THREAD, taskRoot);
        assertInstanceOf(MiniLmModel.class, inPlace);
        EmbeddingModel fromJar = new AllMiniLmL6V2QuantizedEmbeddingModel(SAME_THREAD);
        for (String phrase : new String[] {"dental implants", "same-day delivery near me"}) {
            float[] expected = fromJar.embed(phrase).content().vector();
            assertEquals(384, expected.length);
            assertArrayEquals(expected, inPlace.embed(phrase).content().vector(), 1e-5f, phrase);
        }
    }

    @Test
    void without_a_task_root_or_without_the_models_files_in_it_the_model_comes_from_the_jar(@TempDir Path empty) {
        assertInstanceOf(AllMiniLmL6V2QuantizedEmbeddingModel.class, MiniLmModel.load(SAME_THREAD, null));
        assertInstanceOf(AllMiniLmL6V2QuantizedEmbeddingModel.class, MiniLmModel.load(SAME_THREAD, empty));
    }

    @Test
    void native_libraries_are_looked_for_under_onnx_runtimes_name_for_the_architecture() {
        assertEquals("x64", MiniLmModel.architecture("amd64"));
        assertEquals("aarch64", MiniLmModel.architecture("aarch64"));
    }
}
