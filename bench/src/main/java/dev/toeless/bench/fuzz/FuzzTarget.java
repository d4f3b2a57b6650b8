package dev.toeless.bench.fuzz;

import java.util.List;
import java.util.Optional;

/**
 * One coverage-guided fuzz target: a Jazzer {@code @FuzzTest} method in the test tree of the
 * module that owns the code it fuzzes. Its committed corpus lies in
 * {@code MODULE/src/test/resources/PACKAGE/CLASSInputs/METHOD/}, which {@code ./toeless test}
 * replays as regression tests and where a finding is saved.
 *
 * @param name        what {@code ./toeless fuzz NAME} calls it
 * @param module      the Maven module whose tests hold it
 * @param testClass   the fully qualified test class
 * @param method      the {@code @FuzzTest} method
 * @param description one line for {@code --list}
 */
public record FuzzTarget(String name, String module, String testClass, String method, String description) {
    /** Every target, in the order {@code --list} prints them. */
    public static final List<FuzzTarget> ALL = List.of(
        new FuzzTarget("frames", "nic-hw-model", "dev.toeless.nic.wire.FrameFuzzTest", "framesAndHeaders",
            "the frame parser (whole and split) and every header Repr: bounds, placement, round trips"),
        new FuzzTarget("tcp-options", "nic-hw-model", "dev.toeless.nic.wire.TcpOptionsFuzzTest", "optionBytes",
            "TCP option decoding, the TcpOptions value and a header carrying the options"),
        new FuzzTarget("pcap", "nic-hw-model", "dev.toeless.nic.pcap.PcapReaderFuzzTest", "pcapFiles",
            "the pcap reader on any file: records or a clear refusal, write-back round trip"),
        new FuzzTarget("replay", "bench", "dev.toeless.bench.replay.CaptureReplayFuzzTest", "capturedFrames",
            "the replay reassembler fed fuzzed frame sequences: files consistent with the frames, no leak"),
        new FuzzTarget("tcp", "host-stack", "dev.toeless.stack.tcp.TcpConnectionFuzzTest", "fuzzedSegments",
            "a live TCP connection fed fuzzed segments: delivered stream a prefix of the peer's, no leak"),
        new FuzzTarget("http", "bench", "dev.toeless.bench.serve.HttpRequestFuzzTest", "requestBytes",
            "serve's request parsing: head, chunk-size lines, target to path; checked against a reference"),
        new FuzzTarget("ddp-tags", "nic-hw-model", "dev.toeless.nic.card.ddp.TagCheckFuzzTest", "fuzzedTags",
            "the DDP card's region table and tag checks: siw's order, no byte placed out of bounds, no leak"));

    public static Optional<FuzzTarget> named(String name) {
        return ALL.stream().filter(t -> t.name.equals(name)).findFirst();
    }

    /** Where the target's regression inputs (and its findings) live, relative to the project root. */
    public String inputsDirectory() {
        final int dot = testClass.lastIndexOf('.');
        return module + "/src/test/resources/" + testClass.substring(0, dot).replace('.', '/') + "/"
            + testClass.substring(dot + 1) + "Inputs/" + method;
    }
}
