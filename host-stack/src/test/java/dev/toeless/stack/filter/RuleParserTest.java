package dev.toeless.stack.filter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RuleParserTest {

    @Test
    void dropsSynsToAPort() {
        final FilterCommand c = RuleParser.parse("-A INPUT -p tcp --dport 5001 --tcp-flags SYN,ACK SYN -j DROP");
        assertThat(c).isInstanceOf(FilterCommand.Append.class);
        final RuleSpec s = ((FilterCommand.Append) c).spec();
        assertThat(((FilterCommand.Append) c).hook()).isEqualTo(Hook.INPUT);
        assertThat(s.protocol()).isEqualTo(6);
        assertThat(s.dportMin()).isEqualTo(5001);
        assertThat(s.dportMax()).isEqualTo(5001);
        assertThat(s.flagsMask()).isEqualTo(0x12);
        assertThat(s.flagsValue()).isEqualTo(0x02);
        assertThat(s.target()).isEqualTo(Target.DROP);
        assertThat(s.family()).isZero();
        assertThat(s).hasToString("-p tcp --dport 5001 --tcp-flags SYN,ACK SYN -j DROP");
    }

    @Test
    void readsEveryMatchAndLongNames() {
        final RuleSpec s = RuleParser.parseSpec("--source 10.0.0.0/8 ! --destination 10.1.2.3 --protocol tcp -m tcp"
            + " --source-port 1024: ! --destination-port :1023 --syn -m statistic --mode random --probability 0.25"
            + " -m limit --limit 10/min --limit-burst 3 --jump REJECT --reject-with tcp-reset");
        assertThat(s.family()).isEqualTo(4);
        assertThat(s.source()).isEqualTo(Prefix.v4(0x0A000000, 8));
        assertThat(s.dest()).isEqualTo(Prefix.v4(0x0A010203, 32));
        assertThat(s.destNegated()).isTrue();
        assertThat(s.sportMin()).isEqualTo(1024);
        assertThat(s.sportMax()).isEqualTo(65535);
        assertThat(s.dportMin()).isZero();
        assertThat(s.dportMax()).isEqualTo(1023);
        assertThat(s.dportNegated()).isTrue();
        assertThat(s.flagsMask()).isEqualTo(0x17);
        assertThat(s.flagsValue()).isEqualTo(0x02);
        assertThat(s.probability()).isEqualTo(0.25);
        assertThat(s.limit()).isEqualTo(new RateLimit(10, RateLimit.Unit.MINUTE, 3));
        assertThat(s.rejectWith()).isEqualTo(RejectWith.TCP_RESET);
        assertThat(RuleParser.parseSpec(s.toString())).isEqualTo(s);
    }

    @Test
    void ipv6PrefixesAndFamilies() {
        final RuleSpec s = RuleParser.parseSpec("-s 2001:db8::/32 -p ipv6-icmp -j ACCEPT");
        assertThat(s.family()).isEqualTo(6);
        assertThat(s.source()).isEqualTo(Prefix.v6(0x20010DB800000000L, 0, 32));
        assertThat(RuleParser.parseSpec("-6 -j DROP").family()).isEqualTo(6);
        assertThat(RuleParser.parseSpec(s.toString())).isEqualTo(s);
    }

    @Test
    void icmpTypesByNameOrNumberAndPacketLengths() {
        final RuleSpec ping = RuleParser.parseSpec("-p icmp --icmp-type echo-request -j DROP");
        assertThat(ping.icmp()).isEqualTo(new IcmpMatch(8, -1, false));
        assertThat(RuleParser.parseSpec("-p icmp ! --icmp-type fragmentation-needed -j ACCEPT").icmp())
            .isEqualTo(new IcmpMatch(3, 4, true));
        assertThat(RuleParser.parseSpec("-p ipv6-icmp -m icmp6 --icmpv6-type packet-too-big -j DROP").icmp())
            .isEqualTo(new IcmpMatch(2, -1, false));
        assertThat(RuleParser.parseSpec("-p icmp --icmp-type 3/1 -j DROP").icmp()).isEqualTo(new IcmpMatch(3, 1, false));
        final RuleSpec big = RuleParser.parseSpec("-m length ! --length 0:1280 -j DROP");
        assertThat(big.length()).isEqualTo(new LengthMatch(0, 1280, true));
        for (RuleSpec s : new RuleSpec[]{ping, big,
            RuleParser.parseSpec("-p ipv6-icmp ! --icmpv6-type 1/4 -m length --length 1500: -j ACCEPT")}) {
            assertThat(RuleParser.parseSpec(s.toString())).isEqualTo(s);
        }
    }

    @Test
    void limitDefaultsAreIptables() {
        assertThat(RuleParser.parseSpec("-m limit -j ACCEPT").limit())
            .isEqualTo(new RateLimit(3, RateLimit.Unit.HOUR, 5));
    }

    @Test
    void rejectDefaultsToPortUnreachable() {
        assertThat(RuleParser.parseSpec("-p udp -j REJECT").rejectWith()).isEqualTo(RejectWith.ICMP_PORT_UNREACHABLE);
    }

    @Test
    void chainCommands() {
        assertThat(RuleParser.parse("-I OUTPUT 3 -j ACCEPT")).isEqualTo(
            new FilterCommand.Insert(Hook.OUTPUT, 3, RuleSpec.all(Target.ACCEPT)));
        assertThat(RuleParser.parse("-I OUTPUT -j ACCEPT")).isEqualTo(
            new FilterCommand.Insert(Hook.OUTPUT, 1, RuleSpec.all(Target.ACCEPT)));
        assertThat(RuleParser.parse("-D PREROUTING 2")).isEqualTo(new FilterCommand.DeleteAt(Hook.PREROUTING, 2));
        assertThat(RuleParser.parse("-P INPUT DROP")).isEqualTo(new FilterCommand.Policy(Hook.INPUT, Target.DROP));
        assertThat(RuleParser.parse("-F")).isEqualTo(new FilterCommand.Flush(null));
        assertThat(RuleParser.parse("-Z INPUT")).isEqualTo(new FilterCommand.Zero(Hook.INPUT));
        assertThat(RuleParser.parse("-L")).isEqualTo(new FilterCommand.ListRules(null, true));
        assertThat(RuleParser.parse("-S OUTPUT")).isEqualTo(new FilterCommand.ListRules(Hook.OUTPUT, false));
        assertThat(RuleParser.parse("-R INPUT 1 -j DROP")).isEqualTo(
            new FilterCommand.Replace(Hook.INPUT, 1, RuleSpec.all(Target.DROP)));
    }

    @Test
    void errorsNameTheProblemAndPointAtIt() {
        expectError("-A INPUT -p tcp --dport 99999 -j DROP", "port '99999' is not a number 0..65535", "99999");
        expectError("-A INPUT --dport 80 -j DROP", "a port match needs '-p tcp' or '-p udp'", "--dport");
        expectError("-A INPUT -p udp --syn -j DROP", "a TCP flags match needs '-p tcp'", "--syn");
        expectError("-A INPUT -p tcp", "a rule needs a target", null);
        expectError("-A input -j DROP", "no chain 'input'", "input");
        expectError("-A INPUT -s 10.0.0.300 -j DROP", "'10.0.0.300' is not an IPv4 address", "10.0.0.300");
        expectError("-A INPUT -s 10.0.0.0/33 -j DROP", "prefix length '33'", "10.0.0.0/33");
        expectError("-A INPUT -s 2001:db8::/129 -j DROP", "prefix length '129'", "2001:db8::/129");
        expectError("-A INPUT -s 2001:zz8::1 -j DROP", "is not an IPv6 address", "2001:zz8::1");
        expectError("-A INPUT -s 10.0.0.1 -d ::1 -j DROP", "source is IPv4 but destination is IPv6", "-d");
        expectError("-A INPUT -6 -s 10.0.0.1 -j DROP", "address is IPv4 but the rule says -6", "-s");
        expectError("-A INPUT -p tcp --tcp-flags SYN,BOGUS SYN -j DROP", "unknown TCP flag 'BOGUS'", "SYN,BOGUS");
        expectError("-A INPUT -p tcp --tcp-flags SYN FIN -j DROP", "not all among the examined", "FIN");
        expectError("-A INPUT --limit 5/s -j ACCEPT", "'--limit' needs '-m limit' before it", "--limit");
        expectError("-A INPUT -m limit --limit 5/fortnight -j ACCEPT", "unknown unit", "5/fortnight");
        expectError("-A INPUT -m statistic --mode random --probability 1.5 -j DROP",
            "must be a number in (0, 1]", "1.5");
        expectError("-A INPUT -m statistic --mode nth -j DROP", "only '--mode random'", "nth");
        expectError("-A INPUT -m statistic -j DROP", "needs '--mode random --probability P'", null);
        expectError("-A INPUT -m conntrack -j DROP", "unknown match module 'conntrack'", "conntrack");
        expectError("-A INPUT -j LOG", "unknown target 'LOG'", "LOG");
        expectError("-A INPUT -j DROP --reject-with tcp-reset", "--reject-with goes with -j REJECT only",
            "--reject-with");
        expectError("-A INPUT -p udp -j REJECT --reject-with tcp-reset", "tcp-reset needs '-p tcp'", "--reject-with");
        expectError("-A INPUT -s 1.2.3.4 -s 1.2.3.5 -j DROP", "'-s' given twice", "-s 1.2.3.5");
        expectError("-A INPUT ! -j DROP", "'-j' cannot be negated", "-j");
        expectError("-A INPUT -j DROP !", "'!' must be followed", null);
        expectError("-A INPUT --frobnicate -j DROP", "unknown option '--frobnicate'", "--frobnicate");
        expectError("-P INPUT REJECT", "a chain policy must be ACCEPT or DROP", "REJECT");
        expectError("-D INPUT 0", "rule numbers start at 1", "0");
        expectError("-L INPUT extra", "unexpected 'extra'", "extra");
        expectError("-X INPUT", "unknown command '-X'", "-X");
        expectError("   ", "empty command", null);
        expectError("-A INPUT -p", "expected a protocol at the end", null);
        expectError("-A INPUT -p sctpx -j DROP", "unknown protocol 'sctpx'", "sctpx");
        expectError("-A INPUT -p tcp --icmp-type 8 -j DROP", "--icmp-type needs '-p icmp'", "--icmp-type");
        expectError("-A INPUT -p icmp --icmpv6-type 128 -j DROP", "--icmpv6-type needs '-p ipv6-icmp'", "--icmpv6-type");
        expectError("-A INPUT -p icmp --icmp-type ping -j DROP", "unknown ICMP type 'ping'", "ping");
        expectError("-A INPUT -p icmp --icmp-type 300 -j DROP", "must be 0..255", "300");
        expectError("-A INPUT --length 100 -j DROP", "'--length' needs '-m length' before it", "--length");
        expectError("-A INPUT -m length --length 9:1 -j DROP", "not a range within 0..65535 in order", "9:1");
        expectError("-A INPUT -m length -j DROP", "'-m length' needs '--length", null);
    }

    @Test
    void messageShowsTheCommandWithACaret() {
        final RuleSyntaxException e = catchThrowableOfType(RuleSyntaxException.class,
            () -> RuleParser.parse("-A INPUT -p tcp --dport 99999 -j DROP"));
        assertThat(e.getMessage()).isEqualTo("port '99999' is not a number 0..65535\n"
            + "  -A INPUT -p tcp --dport 99999 -j DROP\n"
            + "                          ^");
    }

    @Test
    void specValuesRefuseInconsistentCombinations() {
        assertThatThrownBy(() -> new RuleSpec(0, null, false, null, false, 17, false, -1, -1, false, -1, -1, false,
            0x02, 0x02, false, null, null, null, 1, Target.DROP, null)).hasMessageContaining("needs protocol tcp");
        assertThatThrownBy(() -> new RuleSpec(4, Prefix.v6(0, 1, 128), false, null, false, -1, false, -1, -1, false,
            -1, -1, false, 0, 0, false, null, null, null, 1, Target.DROP, null)).hasMessageContaining("family");
    }

    private static void expectError(String command, String problem, String at) {
        final RuleSyntaxException e = catchThrowableOfType(RuleSyntaxException.class, () -> RuleParser.parse(command));
        assertThat(e).as(command).isNotNull();
        assertThat(e.problem()).as(command).contains(problem);
        final int expectedColumn = at == null ? command.length() : command.indexOf(at);
        assertThat(e.column()).as(command + " -> " + e.problem()).isEqualTo(expectedColumn);
    }
}
