package dev.toeless.nic.wire;

import dev.toeless.nic.pcap.PcapReader;
import dev.toeless.nic.pcap.PcapRecord;
import dev.toeless.nic.testing.SharedFiles;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** Real Linux frames: every one parses as TCP, and its IP and TCP checksums verify. */
class SharedCapturesTest {

    @ParameterizedTest
    @ValueSource(strings = {"v4-plain.pcap", "v6-loss.pcap"})
    void everyFrameParsesAsTcpAndEveryChecksumVerifies(String capture) throws IOException {
        final FrameParser parser = new FrameParser();
        final ParsedFrame frame = new ParsedFrame();
        final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
        int frames = 0;
        long payloadBytes = 0;
        int withSack = 0;
        try (PcapReader reader = PcapReader.open(SharedFiles.capture(capture))) {
            for (PcapRecord r = reader.next(); r != null; r = reader.next()) {
                frames++;
                assertThat(r.isCut()).as("frame %d is whole", frames).isFalse();
                buffer.wrap(r.data());
                assertThat(parser.parse(buffer, 0, r.data().length, frame)).as("frame %d: %s", frames, frame)
                    .isEqualTo(ParseStatus.OK);
                assertThat(frame.isTcp()).isTrue();
                assertThat(frame.l3()).isEqualTo(capture.startsWith("v6") ? ParsedFrame.L3.IPV6 : ParsedFrame.L3.IPV4);
                assertThat(frame.transportChecksumOk()).as("TCP checksum of frame %d", frames).isTrue();
                if (frame.l3() == ParsedFrame.L3.IPV4) {
                    assertThat(new Ipv4Header().wrap(buffer, frame.l3Offset(), r.data().length - frame.l3Offset())
                        .checksumOk()).isTrue();
                }
                assertThat(frame.payloadOffset() + frame.payloadLength()).isLessThanOrEqualTo(r.data().length);
                assertThat(TcpRepr.parse(buffer, frame.l4Offset(), frame.l4Length()).isOk()).isTrue();
                payloadBytes += frame.payloadLength();
                withSack += frame.tcpOptions().sackCount() > 0 ? 1 : 0;
            }
            assertThat(reader.truncatedRecords()).isZero();
        }
        assertThat(frames).isGreaterThan(1000);
        assertThat(payloadBytes).isPositive();
        if (capture.startsWith("v6")) {
            assertThat(withSack).as("a lossy transfer carries SACK blocks").isPositive();
        }
    }
}
