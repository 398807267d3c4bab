package com.keywordtrend.local.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.keywordtrend.local.emulator.Dynoxide;
import com.keywordtrend.local.emulator.S3Emulator;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The S3 emulator's start, where a picked port can be taken before S3Mock binds it (seconds later). */
class S3EmulatorTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void a_picked_port_taken_before_s3mock_binds_it_is_picked_again() throws Exception {
        AtomicInteger picks = new AtomicInteger();
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            S3Emulator.PortPicker picker = () -> picks.incrementAndGet() == 1 ? taken.getLocalPort() : Dynoxide.freePort();
            try (S3Emulator s3 = S3Emulator.start(S3MockCache.launch(ROOT), picker, Files.createTempDirectory("s3mock-"),
                    List.of("bucket"), Duration.ofSeconds(60))) {
                assertEquals(2, picks.get(), "the first port was taken: S3Mock exited, and started on the next");
                assertNotEquals(":" + taken.getLocalPort(), s3.endpoint().substring(s3.endpoint().lastIndexOf(':')));
            }
        }
    }
}
