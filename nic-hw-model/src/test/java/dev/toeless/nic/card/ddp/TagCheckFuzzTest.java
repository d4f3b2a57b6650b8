package dev.toeless.nic.card.ddp;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.toeless.nic.cost.RegistrationCost;
import dev.toeless.nic.mem.CpuTouch;
import dev.toeless.nic.mem.FragList;
import dev.toeless.nic.mem.HostMemory;
import dev.toeless.nic.mem.TouchLedger;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the DDP card's tag checks: the fuzzer registers regions (any first
 * page offset, length, base, rights and domain, the card refusing what is no region), then checks
 * and places segments at any STag (registered, stale, with another key, made up), domain, rights,
 * tagged offset and length, and invalidates and deregisters as it likes. Every answer must be what
 * an independent model of siw's order says; a refused segment changes no byte; a placed one
 * changes exactly its bytes; nothing outside a region's bounds ever changes (every region lies on
 * guard-filled pages); the card memory and page pins add up; every page comes back.
 * {@code ./toeless fuzz ddp-tags} mutates for real.
 */
class TagCheckFuzzTest {
    private static final int PAGE = HostMemory.PAGE_SIZE;
    private static final int MAX_REGIONS = 6;
    private static final int MAX_STEPS = 48;

    /** One memory for every run: each run gives every page back, so it starts empty. */
    private final HostMemory memory = new HostMemory(128);
    private final CpuTouch cpu = new CpuTouch(memory, new TouchLedger());

    /** A region as the model knows it. */
    private static final class Model {
        int stag;
        long base;
        long length;
        int rights;
        int pd;
        int firstOffset;
        boolean valid = true;
        boolean registered = true;
        int[] pfns;
        byte[] bytes;
    }

    @FuzzTest(maxDuration = "30s")
    void fuzzedTags(FuzzedDataProvider in) {
        assertThat(memory.pagesInUse()).isZero();
        final DdpCard card = new DdpCard(memory, new DdpCardConfig(4, 8L * 8, RegistrationCost.DEFAULT));
        final List<Model> models = new ArrayList<>();
        final int source = memory.allocate();
        final byte[] sourceBytes = new byte[PAGE];
        int fill = in.consumeInt();
        for (int i = 0; i < PAGE; i++) {
            fill = fill * 1_103_515_245 + 12_345; // the segment bytes, from four bytes of input
            sourceBytes[i] = (byte) (fill >>> 24);
        }
        cpu.copyIn(sourceBytes, 0, PAGE, source, 0);
        long placed = 0;
        try {
            for (int step = 0; step < MAX_STEPS && in.remainingBytes() > 0; step++) {
                switch (in.consumeInt(0, 3)) {
                    case 0 -> register(in, card, models);
                    case 1 -> placed += place(in, card, models, source, sourceBytes);
                    case 2 -> invalidate(in, card, models);
                    default -> deregister(in, card, models);
                }
                long entries = 0;
                for (Model m : models) {
                    entries += m.registered ? m.pfns.length : 0;
                }
                assertThat(card.translation().usedBytes()).isEqualTo(entries * TranslationMemory.ENTRY_BYTES);
            }
            for (Model m : models) {
                assertThat(read(m)).as("pages of region %08x", m.stag).isEqualTo(m.bytes);
            }
            assertThat(card.placement().bytesPlaced()).isEqualTo(placed);
            assertThat(card.placement().dmaBytesToHost()).isEqualTo(placed);
        } finally {
            for (Model m : models) {
                if (m.registered) {
                    card.deregister(m.stag);
                }
                for (int pfn : m.pfns) {
                    memory.release(pfn);
                }
            }
            memory.release(source);
        }
        assertThat(memory.pagesInUse()).isZero();
    }

    private void register(FuzzedDataProvider in, DdpCard card, List<Model> models) {
        if (models.size() >= MAX_REGIONS) {
            return;
        }
        final Model m = new Model();
        m.firstOffset = in.consumeInt(0, PAGE - 1);
        m.length = in.consumeLong(-2, 3L * PAGE);
        m.base = in.consumeBoolean() ? in.consumeLong() : -in.consumeLong(0, 4L * PAGE);
        m.rights = in.consumeInt(0, 31);
        m.pd = in.consumeInt(0, 3);
        final int pages = m.length <= 0 ? 1 : RegionTable.pagesSpanned(m.firstOffset, m.length);
        m.pfns = new int[pages];
        m.bytes = new byte[pages * PAGE];
        Arrays.fill(m.bytes, (byte) (0x40 + models.size()));
        for (int i = 0; i < pages; i++) {
            m.pfns[i] = memory.allocate();
            cpu.copyIn(m.bytes, i * PAGE, PAGE, m.pfns[i], 0);
        }
        final long usedBefore = card.translation().usedBytes();
        final int slotsUsed = (int) models.stream().filter(x -> x.registered).count();
        final DdpCard.Registration r = card.register(m.pfns, pages, m.firstOffset, m.length, m.base, m.rights, m.pd);
        final boolean wraps = m.length > 0 && Long.compareUnsigned(m.base + m.length, m.base) < 0;
        final boolean isRegion = m.length > 0 && !wraps && AccessRights.isValid(m.rights);
        final boolean fits = slotsUsed < 4 && usedBefore + (long) pages * TranslationMemory.ENTRY_BYTES <= 8L * 8;
        assertThat(r.ok()).as("registered iff a region that fits").isEqualTo(isRegion && fits);
        assertThat(r.costNs()).isEqualTo(RegistrationCost.DEFAULT.ns(pages));
        m.stag = r.stag();
        m.registered = r.ok();
        m.valid = r.ok();
        if (r.ok()) {
            for (Model other : models) {
                assertThat(other.registered && other.stag == m.stag).as("a live STag handed out twice").isFalse();
            }
        }
        models.add(m);
    }

    private long place(FuzzedDataProvider in, DdpCard card, List<Model> models, int source, byte[] sourceBytes) {
        final Model target = models.isEmpty() ? null : models.get(in.consumeInt(0, models.size() - 1));
        final int stag = switch (in.consumeInt(0, 3)) {
            case 0, 1 -> target == null ? in.consumeInt() : target.stag;
            case 2 -> target == null ? 0 : target.stag ^ in.consumeInt(1, 255);
            default -> in.consumeInt();
        };
        final int pd = in.consumeInt(0, 3);
        final int wanted = in.consumeInt(0, 15);
        final long to = target != null && in.consumeBoolean() ? target.base + in.consumeLong(-PAGE, target.length + PAGE)
            : in.consumeLong();
        final int srcFrom = in.consumeInt(0, PAGE);
        final int length = in.consumeInt(0, PAGE - srcFrom);
        final ProtectionError expected = expect(models, stag, pd, wanted, to, length);
        final FragList src = new FragList(1).add(source, 0, PAGE);
        final ProtectionError got = card.placement().place(stag, pd, wanted, to, src, srcFrom, length);
        assertThat(got).as("stag %08x pd %d rights %d to %016x length %d", stag, pd, wanted, to, length)
            .isEqualTo(expected);
        if (got == ProtectionError.NONE) {
            final Model m = live(models, stag);
            System.arraycopy(sourceBytes, srcFrom, m.bytes, (int) (m.firstOffset + (to - m.base)), length);
            return length;
        }
        return 0;
    }

    private void invalidate(FuzzedDataProvider in, DdpCard card, List<Model> models) {
        if (models.isEmpty()) {
            return;
        }
        final Model m = models.get(in.consumeInt(0, models.size() - 1));
        final int pd = in.consumeInt(0, 3);
        final boolean ok = card.invalidate(m.stag, pd);
        final Model live = live(models, m.stag);
        assertThat(ok).isEqualTo(live != null && live.pd == pd);
        if (ok) {
            live.valid = false;
        }
    }

    private void deregister(FuzzedDataProvider in, DdpCard card, List<Model> models) {
        if (models.isEmpty()) {
            return;
        }
        final Model m = models.get(in.consumeInt(0, models.size() - 1));
        final Model live = live(models, m.stag);
        assertThat(card.deregister(m.stag)).isEqualTo(live != null);
        if (live != null) {
            live.registered = false;
            live.valid = false;
        }
    }

    private static Model live(List<Model> models, int stag) {
        for (Model m : models) {
            if (m.registered && m.stag == stag) {
                return m;
            }
        }
        return null;
    }

    /** siw's order, apart from the card's code: STag, domain, rights, bounds (unsigned, no wrap). */
    private static ProtectionError expect(List<Model> models, int stag, int pd, int wanted, long to, int length) {
        final Model m = live(models, stag);
        if (m == null || !m.valid) {
            return ProtectionError.INVALID_STAG;
        }
        if (m.pd != pd) {
            return ProtectionError.STAG_NOT_ASSOCIATED;
        }
        if ((m.rights & wanted) != wanted) {
            return ProtectionError.ACCESS_RIGHTS;
        }
        final BigInteger start = new BigInteger(Long.toUnsignedString(to));
        final BigInteger base = new BigInteger(Long.toUnsignedString(m.base));
        final boolean inside = start.compareTo(base) >= 0
            && start.add(BigInteger.valueOf(length)).compareTo(base.add(BigInteger.valueOf(m.length))) <= 0;
        return inside ? ProtectionError.NONE : ProtectionError.BASE_OR_BOUNDS;
    }

    private byte[] read(Model m) {
        final byte[] out = new byte[m.pfns.length * PAGE];
        for (int i = 0; i < m.pfns.length; i++) {
            cpu.copyOut(m.pfns[i], 0, PAGE, out, i * PAGE);
        }
        return out;
    }
}
