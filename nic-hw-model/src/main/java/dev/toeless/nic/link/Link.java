package dev.toeless.nic.link;

import dev.toeless.nic.pcap.PcapWriter;
import dev.toeless.nic.sim.EventScheduler;
import dev.toeless.nic.sim.SimRandom;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;

/**
 * A full-duplex wire between two ports, {@link #a()} and {@link #b()}, in virtual time. Each
 * direction ({@link #aToB()}, {@link #bToA()}) has its own {@link LinkConfig} (rate, propagation
 * delay, MTU, transmit queue), its own run-time {@link LinkFaults} and one-way partition, its own
 * {@link LinkCounters}, and its own stream forked from the given {@link SimRandom}
 * ({@code "<name>.a>b"} and {@code "<name>.b>a"}), so a run is a pure function of the seed.
 *
 * <p>Ownership: frames are copied into link-owned heap buffers when sent (the wire is not host
 * memory) and lent to the receiving {@link FrameSink} for the duration of its call. Buffers come
 * from a free list shared by both directions; once it has grown to the most frames ever queued
 * and in flight, sending allocates nothing but the scheduler's event.
 *
 * <p>Pcap tap: {@link #tap(PcapWriter)} records every frame of both directions at the point it
 * starts on the wire, at the sender, before faults: time stamp = start of serialization, bytes =
 * as sent. Frames dropped before the wire (runt, oversize, queue full) are not in the capture;
 * frames lost, partitioned, cut or corrupted on the wire are, intact, as a capture on the sending
 * host would show them. {@link #tap(PcapWriter, TapPoint)} with {@link TapPoint#RECEIVER} records
 * what the ports receive instead, after faults; both points can be tapped at once.
 */
public final class Link {
    private final String name;
    private final LinkDirection aToB;
    private final LinkDirection bToA;
    private final Port a;
    private final Port b;
    private PcapWriter senderTap;
    private PcapWriter receiverTap;
    private long tapErrors;
    private IOException firstTapError;

    public Link(String name, EventScheduler scheduler, SimRandom random, LinkConfig aToBConfig,
                LinkConfig bToAConfig) {
        this.name = name;
        this.aToB = new LinkDirection(this, name + ".a>b", scheduler, random.fork(name + ".a>b"), aToBConfig);
        this.bToA = new LinkDirection(this, name + ".b>a", scheduler, random.fork(name + ".b>a"), bToAConfig);
        this.a = new Port(name + ".a", aToB, bToA);
        this.b = new Port(name + ".b", bToA, aToB);
    }

    /** A symmetric link: both directions share {@code config}. */
    public Link(String name, EventScheduler scheduler, SimRandom random, LinkConfig config) {
        this(name, scheduler, random, config, config);
    }

    public String name() {
        return name;
    }

    public Port a() {
        return a;
    }

    public Port b() {
        return b;
    }

    public LinkDirection aToB() {
        return aToB;
    }

    public LinkDirection bToA() {
        return bToA;
    }

    /** Sets the same faults on both directions. */
    public void faults(LinkFaults faults) {
        aToB.faults(faults);
        bToA.faults(faults);
    }

    /** Clears the faults and partitions of both directions. Frames already on the wire keep their fate. */
    public void heal() {
        aToB.heal();
        bToA.heal();
    }

    /**
     * Records both directions into {@code writer} from now on, at the sender (see the class
     * comment). The link does not close the writer. A write that fails is counted in
     * {@link #tapErrors()} and ends that tap; the simulation goes on.
     */
    public void tap(PcapWriter writer) {
        tap(writer, TapPoint.SENDER);
    }

    /** Records both directions into {@code writer} at {@code point} from now on; null stops that tap. */
    public void tap(PcapWriter writer, TapPoint point) {
        if (point == TapPoint.SENDER) {
            senderTap = writer;
        } else {
            receiverTap = writer;
        }
    }

    /** Stops both taps. */
    public void untap() {
        senderTap = null;
        receiverTap = null;
    }

    public long tapErrors() {
        return tapErrors;
    }

    /** The first failure that ended a tap, or null. */
    public IOException firstTapError() {
        return firstTapError;
    }

    void tapSent(long nowNs, DirectBuffer buffer, int length) {
        if (senderTap != null && !write(senderTap, nowNs, buffer, length)) {
            senderTap = null;
        }
    }

    void tapReceived(long nowNs, DirectBuffer buffer, int length) {
        if (receiverTap != null && !write(receiverTap, nowNs, buffer, length)) {
            receiverTap = null;
        }
    }

    private boolean write(PcapWriter writer, long nowNs, DirectBuffer buffer, int length) {
        try {
            writer.write(nowNs, buffer, 0, length);
            return true;
        } catch (IOException e) {
            tapErrors++;
            if (firstTapError == null) {
                firstTapError = e;
            }
            return false;
        }
    }

    /** Cuts the link in both directions for {@code durationNs} from now (see {@link LinkDirection#partitionFor}). */
    public void partitionFor(long durationNs) {
        aToB.partitionFor(durationNs);
        bToA.partitionFor(durationNs);
    }

    /** Wire buffers ever allocated by this link; flat once the link has reached its steady state. */
    public long framesAllocated() {
        return aToB.framesAllocated() + bToA.framesAllocated();
    }

    @Override
    public String toString() {
        return "Link[" + aToB + ", " + bToA + "]";
    }

    /** One end of the link: sends on its outgoing direction, receives from the other. */
    public static final class Port {
        private final String name;
        private final LinkDirection tx;
        private final LinkDirection rx;

        private Port(String name, LinkDirection tx, LinkDirection rx) {
            this.name = name;
            this.tx = tx;
            this.rx = rx;
        }

        /** Sends {@code frame[offset, offset + length)} (an Ethernet frame without FCS); bytes borrowed for the call. */
        public SendStatus send(DirectBuffer frame, int offset, int length) {
            return tx.send(frame, offset, length);
        }

        /** Convenience for control paths and tests: wraps (does not keep) {@code frame}. */
        public SendStatus send(byte[] frame) {
            return tx.send(new UnsafeBuffer(frame), 0, frame.length);
        }

        /** Sets the sink that receives this port's incoming frames (null: frames are dropped and counted). */
        public void attach(FrameSink sink) {
            rx.attach(sink);
        }

        /** The direction this port sends on. */
        public LinkDirection tx() {
            return tx;
        }

        /** The direction this port receives from. */
        public LinkDirection rx() {
            return rx;
        }

        public String name() {
            return name;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
