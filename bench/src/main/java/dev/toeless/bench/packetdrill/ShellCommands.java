package dev.toeless.bench.packetdrill;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The back-quoted commands of the scripts, line by line: the defaults script (the
 * {@link LinuxDefaults} profile), sysctls (applied to the profile), CUBIC's {@code hystart_detect}
 * module parameter, the file made for
 * {@code sendfile}, and the host set-up that changes nothing we model. Anything else, such as a
 * {@code tc} qdisc that paces (fq) or drops everything, makes the script unsupported.
 */
final class ShellCommands {
    private static final Pattern SYSCTL = Pattern.compile("net[./]ipv4[./]([a-z_0-9]+)=(\"[^\"]*\"|\\S+)");
    private static final Pattern PROC = Pattern.compile("/proc/sys/net/ipv4/([a-z_0-9]+)=(\\S+)");
    private static final Pattern HYSTART = Pattern.compile("echo ([0-3]) > /sys/module/tcp_cubic/parameters/hystart_detect");
    private static final Pattern DD = Pattern.compile("dd bs=(\\d+) count=(\\d+) if=/dev/zero of=(\\S+)");

    private ShellCommands() {
    }

    static void run(String command, ScriptHost host, Syscalls calls) {
        for (String raw : command.replace("\\\n", " ").split("\n")) {
            final String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            runLine(line, host, calls);
        }
    }

    private static void runLine(String line, ScriptHost host, Syscalls calls) {
        final String refused = host.refuses(line);
        if (refused != null) {
            throw ScriptStop.unsupported(refused);
        }
        if (line.endsWith("defaults.sh") || line.startsWith("/tmp/sysctl_restore_")
            || line.startsWith("ip tcp_metrics flush") || line.equals("tc qdisc add dev tun0 root pfifo")) {
            return;
        }
        if (line.startsWith("sysctl ") || line.contains("set_sysctls.py")) {
            final Matcher m = (line.startsWith("sysctl ") ? SYSCTL : PROC).matcher(line);
            boolean any = false;
            while (m.find()) {
                any = true;
                final String why = LinuxDefaults.applySysctl(host.config, host.knobs, m.group(1), m.group(2).replace("\"", ""));
                if (why != null) {
                    throw ScriptStop.unsupported(why);
                }
            }
            if (!any) {
                throw ScriptStop.unsupported("command not modelled: " + line);
            }
            return;
        }
        if (line.contains(";")) {
            for (String part : line.split(";")) {
                if (!part.isBlank()) {
                    runLine(part.trim(), host, calls);
                }
            }
            return;
        }
        if (line.equals("tc qdisc delete dev tun0 root 2>/dev/null") || line.equals("tc qdisc delete dev tun0 root")) {
            host.knobs.fq = false; // back to the default pfifo
            host.qdiscDrops(false);
            return;
        }
        if (line.equals("tc qdisc add dev tun0 root pfifo limit 0") || line.equals("tc qdisc replace dev tun0 root pfifo limit 0")) {
            host.qdiscDrops(true); // every packet dropped; the stack sees its transmit fail
            return;
        }
        if (line.equals("tc qdisc replace dev tun0 root fq")) {
            host.knobs.fq = true; // HyStart sees a paced flow; the pacing itself is not modelled
            return;
        }
        if (line.equals("ethtool -K tun0 tso off gso off")) {
            host.config.tsoMaxBytes(0);
            return;
        }
        if (line.startsWith("/bin/rm -f ")) {
            calls.files().remove(line.substring("/bin/rm -f ".length()).trim());
            return;
        }
        final Matcher hystart = HYSTART.matcher(line);
        if (hystart.matches()) {
            host.knobs.hystartDetect = Integer.parseInt(hystart.group(1));
            return;
        }
        final Matcher dd = DD.matcher(line);
        if (dd.find()) {
            calls.files().put(dd.group(3), Long.parseLong(dd.group(1)) * Long.parseLong(dd.group(2)));
            return;
        }
        throw ScriptStop.unsupported("command not modelled: " + line);
    }
}
