package dev.toeless.stack.filter;

import dev.toeless.nic.sim.SimRandom;
import dev.toeless.stack.qdisc.Allocations;
import org.junit.jupiter.api.Test;

import static dev.toeless.stack.filter.Hook.INPUT;
import static dev.toeless.stack.filter.Hook.OUTPUT;
import static dev.toeless.stack.filter.Hook.PREROUTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacketFilterTest {
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int SYN = 0x02;
    private static final int ACK = 0x10;
    private static final int PEER = Prefix.parseV4("192.168.1.7");
    private static final int US = Prefix.parseV4("192.168.1.1");
    private static final long SECOND = 1_000_000_000L;

    private final PacketFilter filter = new PacketFilter(new SimRandom(42).fork("filter"));

    private Verdict in(int flags, int dport) {
        return filter.evaluateV4(INPUT, 0, PEER, US, TCP, 40000, dport, flags, 60);
    }

    @Test
    void emptyChainsAcceptEverything() {
        assertThat(filter.isPassThrough(INPUT)).isTrue();
        assertThat(in(SYN, 5001)).isEqualTo(Verdict.ACCEPT);
        assertThat(filter.policyPackets(INPUT)).isEqualTo(1);
    }

    @Test
    void dropsSynsToThePortButNotItsDataSegments() {
        filter.execute("-A INPUT -p tcp --dport 5001 --tcp-flags SYN,ACK SYN -j DROP");
        assertThat(in(SYN, 5001)).isEqualTo(Verdict.DROP);
        assertThat(in(SYN | ACK, 5001)).isEqualTo(Verdict.ACCEPT);
        assertThat(in(ACK, 5001)).isEqualTo(Verdict.ACCEPT);
        assertThat(in(SYN, 5002)).isEqualTo(Verdict.ACCEPT);
        assertThat(filter.evaluateV4(INPUT, 0, PEER, US, UDP, 40000, 5001, 0, 60)).isEqualTo(Verdict.ACCEPT);
        assertThat(filter.list(INPUT).getFirst().packets()).isEqualTo(1);
        assertThat(filter.list(INPUT).getFirst().bytes()).isEqualTo(60);
    }

    @Test
    void rejectTellsTheCallerWhatToAnswer() {
        filter.execute("-A INPUT -p tcp --dport 23 -j REJECT --reject-with tcp-reset");
        filter.execute("-A INPUT -p udp -j REJECT");
        filter.execute("-A INPUT -p icmp -j REJECT --reject-with icmp-admin-prohibited");
        assertThat(in(SYN, 23)).isEqualTo(Verdict.REJECT_TCP_RESET);
        assertThat(filter.evaluateV4(INPUT, 0, PEER, US, UDP, 1, 53, 0, 60)).isEqualTo(Verdict.REJECT_PORT_UNREACHABLE);
        final Verdict icmp = filter.evaluateV4(INPUT, 0, PEER, US, 1, -1, -1, 0, 84);
        assertThat(icmp).isEqualTo(Verdict.REJECT_ADMIN_PROHIBITED);
        assertThat(icmp.rejected()).isTrue();
        assertThat(icmp.accepted()).isFalse();
    }

    @Test
    void firstMatchWinsAndPolicyDecidesTheRest() {
        filter.execute("-P INPUT DROP");
        filter.execute("-A INPUT -s 192.168.1.0/24 -p tcp --dport 22 -j ACCEPT");
        filter.execute("-A INPUT -p tcp --dport 22 -j REJECT --reject-with tcp-reset");
        assertThat(in(SYN, 22)).isEqualTo(Verdict.ACCEPT);
        assertThat(filter.evaluateV4(INPUT, 0, Prefix.parseV4("10.0.0.1"), US, TCP, 1, 22, SYN, 60))
            .isEqualTo(Verdict.REJECT_TCP_RESET);
        assertThat(in(SYN, 80)).isEqualTo(Verdict.DROP);
        assertThat(filter.policyPackets(INPUT)).isEqualTo(1);
        assertThat(filter.policyBytes(INPUT)).isEqualTo(60);
        assertThat(filter.verdicts(INPUT, Verdict.ACCEPT)).isEqualTo(1);
        assertThat(filter.verdicts(INPUT, Verdict.REJECT_TCP_RESET)).isEqualTo(1);
        assertThat(filter.verdicts(INPUT, Verdict.DROP)).isEqualTo(1);
        assertThat(filter.evaluated(INPUT)).isEqualTo(3);
    }

    @Test
    void negatedMatches() {
        filter.execute("-A INPUT ! -s 192.168.1.0/24 -j DROP");
        filter.execute("-A INPUT -p tcp ! --dport 1:1023 -j REJECT --reject-with tcp-reset");
        filter.execute("-A INPUT ! -p tcp -j DROP");
        assertThat(filter.evaluateV4(INPUT, 0, Prefix.parseV4("10.0.0.1"), US, TCP, 1, 22, SYN, 60))
            .isEqualTo(Verdict.DROP);
        assertThat(in(SYN, 22)).isEqualTo(Verdict.ACCEPT);
        assertThat(in(SYN, 8080)).isEqualTo(Verdict.REJECT_TCP_RESET);
        assertThat(filter.evaluateV4(INPUT, 0, PEER, US, UDP, 1, 53, 0, 60)).isEqualTo(Verdict.DROP);
    }

    @Test
    void icmpTypeAndLengthMatches() {
        filter.execute("-A INPUT -p icmp --icmp-type echo-request -m length --length 1000: -j DROP");
        filter.execute("-A INPUT -p icmp ! --icmp-type destination-unreachable -j ACCEPT");
        filter.execute("-A INPUT -p icmp -j REJECT --reject-with icmp-admin-prohibited");
        final FilterPacket p = new FilterPacket();
        assertThat(filter.evaluate(INPUT, 0, p.v4(PEER, US, 1, -1, -1, 0, 1028).icmp(8, 0))).isEqualTo(Verdict.DROP);
        assertThat(filter.evaluate(INPUT, 0, p.v4(PEER, US, 1, -1, -1, 0, 84).icmp(8, 0))).isEqualTo(Verdict.ACCEPT);
        assertThat(filter.evaluate(INPUT, 0, p.v4(PEER, US, 1, -1, -1, 0, 576).icmp(3, 4)))
            .isEqualTo(Verdict.REJECT_ADMIN_PROHIBITED);
        // without its type an ICMP packet matches no type rule, negated or not
        assertThat(filter.evaluate(INPUT, 0, p.v4(PEER, US, 1, -1, -1, 0, 1028)))
            .isEqualTo(Verdict.REJECT_ADMIN_PROHIBITED);
    }

    @Test
    void portlessPacketsNeverMatchPortRules() {
        filter.execute("-A INPUT -p tcp ! --dport 80 -j DROP");
        assertThat(filter.evaluateV4(INPUT, 0, PEER, US, TCP, -1, -1, 0, 60)).isEqualTo(Verdict.ACCEPT);
    }

    @Test
    void ipv6RulesMatchIpv6PacketsOnly() {
        filter.execute("-A PREROUTING -s 2001:db8::/32 -p tcp --dport 5001 -j DROP");
        filter.execute("-A PREROUTING -6 -p ipv6-icmp -j ACCEPT");
        filter.execute("-A PREROUTING -4 -j DROP");
        final long db8 = 0x20010DB8_0000_0000L;
        assertThat(filter.evaluateV6(PREROUTING, 0, db8 | 0xFFFF, 7, 0, 1, TCP, 1, 5001, SYN, 80))
            .isEqualTo(Verdict.DROP);
        assertThat(filter.evaluateV6(PREROUTING, 0, 0x20010DB9_0000_0000L, 7, 0, 1, TCP, 1, 5001, SYN, 80))
            .isEqualTo(Verdict.ACCEPT);
        assertThat(filter.evaluateV6(PREROUTING, 0, db8, 7, 0, 1, 58, -1, -1, 0, 80)).isEqualTo(Verdict.ACCEPT);
        assertThat(filter.evaluateV4(PREROUTING, 0, PEER, US, TCP, 1, 5001, SYN, 60)).isEqualTo(Verdict.DROP);
    }

    @Test
    void rateLimitMatchesAtMostTheRateInVirtualTime() {
        // accept 2 SYNs per second with a burst of 2, drop the rest: a SYN-flood guard
        filter.execute("-A INPUT -p tcp --syn -m limit --limit 2/second --limit-burst 2 -j ACCEPT");
        filter.execute("-A INPUT -p tcp --syn -j DROP");
        int accepted = 0;
        for (long t = 0; t < 10 * SECOND; t += SECOND / 100) {
            if (filter.evaluateV4(INPUT, t, PEER, US, TCP, 1, 80, SYN, 60).accepted()) {
                accepted++;
            }
        }
        // the full bucket at t=0 plus one token every 500 ms over 9.99 s
        assertThat(accepted).isEqualTo(2 + 19);
        assertThat(filter.list(INPUT).get(1).packets()).isEqualTo(1000 - 21);
    }

    @Test
    void randomDropReplaysFromTheSeed() {
        final String rule = "-A INPUT -p tcp -m statistic --mode random --probability 0.02 -j DROP";
        final long[] drops = new long[2];
        for (int run = 0; run < 2; run++) {
            final PacketFilter f = new PacketFilter(new SimRandom(7));
            f.execute(rule);
            final StringBuilder pattern = new StringBuilder();
            for (int i = 0; i < 100_000; i++) {
                if (!f.evaluateV4(INPUT, i, PEER, US, TCP, 1, 80, ACK, 1500).accepted()) {
                    drops[run]++;
                    if (drops[run] < 20) {
                        pattern.append(i).append(',');
                    }
                }
            }
            assertThat(f.list(INPUT).getFirst().packets()).isEqualTo(drops[run]);
        }
        assertThat(drops[0]).isEqualTo(drops[1]).isBetween(1_800L, 2_200L);
    }

    @Test
    void rulesChangeAtRunTimeKeepingTheCountersOfTheOthers() {
        final long a = filter.append(OUTPUT, RuleParser.parseSpec("-p tcp --dport 80 -j DROP"));
        filter.execute("-A OUTPUT -p tcp --dport 443 -j DROP");
        assertThat(filter.evaluateV4(OUTPUT, 0, US, PEER, TCP, 1, 443, ACK, 100)).isEqualTo(Verdict.DROP);
        filter.execute("-I OUTPUT 1 -p udp -j ACCEPT");
        assertThat(filter.list(OUTPUT)).extracting(RuleView::position).containsExactly(1, 2, 3);
        assertThat(filter.list(OUTPUT).get(2).packets()).isEqualTo(1);
        assertThat(filter.deleteById(a)).isTrue();
        assertThat(filter.evaluateV4(OUTPUT, 0, US, PEER, TCP, 1, 80, ACK, 100)).isEqualTo(Verdict.ACCEPT);
        filter.execute("-D OUTPUT -p tcp --dport 443 -j DROP");
        assertThat(filter.evaluateV4(OUTPUT, 0, US, PEER, TCP, 1, 443, ACK, 100)).isEqualTo(Verdict.ACCEPT);
        filter.execute("-R OUTPUT 1 -p udp -j DROP");
        assertThat(filter.evaluateV4(OUTPUT, 0, US, PEER, UDP, 1, 53, 0, 100)).isEqualTo(Verdict.DROP);
        filter.execute("-D OUTPUT 1");
        assertThat(filter.ruleCount(OUTPUT)).isZero();
        assertThatThrownBy(() -> filter.execute("-D OUTPUT 1")).hasMessageContaining("no rule 1 in OUTPUT (0 rules)");
        assertThatThrownBy(() -> filter.execute("-D OUTPUT -j DROP")).hasMessageContaining("no rule in OUTPUT matches");
    }

    @Test
    void listingIsIptablesSaveShaped() {
        filter.execute("-P INPUT DROP");
        filter.execute("-A INPUT -p tcp --dport 5001 --syn -j ACCEPT");
        in(SYN, 5001);
        in(SYN, 5002);
        assertThat(filter.execute("-L INPUT")).isEqualTo("-P INPUT DROP [1:60]\n"
            + "[1:60] -A INPUT -p tcp --dport 5001 --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT\n");
        assertThat(filter.execute("-S")).isEqualTo("-P PREROUTING ACCEPT\n-P INPUT DROP\n-P OUTPUT ACCEPT\n"
            + "-A INPUT -p tcp --dport 5001 --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT\n");
        filter.execute("-Z");
        assertThat(filter.list(INPUT).getFirst().packets()).isZero();
        assertThat(filter.policyPackets(INPUT)).isZero();
        filter.execute("-F");
        assertThat(filter.ruleCount(INPUT)).isZero();
        assertThat(filter.policy(INPUT)).isEqualTo(Target.DROP);
    }

    @Test
    void everyListedRuleReadsBackAsTheSameCommand() {
        filter.execute("-A INPUT -s 10.0.0.0/8 -p tcp --sport 1:1023 --dport 80 -m limit --limit 5/second -j ACCEPT");
        filter.execute("-A INPUT -d fe80::/10 -p udp --dport 546 -m statistic --mode random --probability 0.5 -j DROP");
        filter.execute("-A INPUT ! -p tcp -j REJECT --reject-with icmp-admin-prohibited");
        final PacketFilter copy = new PacketFilter(new SimRandom(1));
        for (String line : filter.execute("-S").split("\n")) {
            copy.execute(line);
        }
        assertThat(copy.execute("-S")).isEqualTo(filter.execute("-S"));
    }

    @Test
    void evaluationAllocatesNothing() {
        filter.execute("-A PREROUTING -s 2001:db8::/32 -j DROP");
        filter.execute("-A INPUT -s 10.0.0.0/8 -p tcp --dport 22 -j ACCEPT");
        filter.execute("-A INPUT -p tcp --syn -m limit --limit 100/second -j ACCEPT");
        filter.execute("-A INPUT -p tcp -m statistic --mode random --probability 0.01 -j DROP");
        filter.execute("-A INPUT -p tcp --dport 5001 -j REJECT --reject-with tcp-reset");
        final FilterPacket packet = new FilterPacket();
        final long bytes = Allocations.bytesAllocatedBy(() -> {
            for (int i = 0; i < 100_000; i++) {
                filter.evaluate(INPUT, i * 1000L, packet.v4(PEER, US, TCP, 40000, 5000 + (i & 3), i & 0xFF, 1500));
                filter.evaluateV6(PREROUTING, i, 0x20010DB8_0000_0000L, i, 0, 1, TCP, 1, 2, 0, 1500);
            }
        });
        assertThat(bytes).as("bytes allocated over 100,000 calls: not one object per call").isLessThan(16_384);
    }
}
