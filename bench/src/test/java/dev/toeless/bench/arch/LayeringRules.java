package dev.toeless.bench.arch;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.util.Map;
import java.util.regex.Pattern;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The module map of ARCHITECTURE.md as rules: each module holds its own package root,
 * dependencies point one way (nic &lt;- accum, tso; stack -&gt; nic, accum, tso; vfs -&gt; nic only;
 * nothing -&gt; bench), and no two packages depend on each other in a cycle.
 */
final class LayeringRules {
    /** Package root (under dev.toeless) to Maven module. */
    static final Map<String, String> MODULE_OF_ROOT = Map.of(
        "nic", "nic-hw-model",
        "accum", "rx-page-accum",
        "tso", "tx-segmentation",
        "stack", "host-stack",
        "vfs", "vfs-sink",
        "bench", "bench");

    private LayeringRules() {
    }

    static ArchRule dependenciesPointOneWay() {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
            .withOptionalLayers(true)
            .layer("nic-hw-model").definedBy("dev.toeless.nic..")
            .layer("rx-page-accum").definedBy("dev.toeless.accum..")
            .layer("tx-segmentation").definedBy("dev.toeless.tso..")
            .layer("host-stack").definedBy("dev.toeless.stack..")
            .layer("vfs-sink").definedBy("dev.toeless.vfs..")
            .layer("bench").definedBy("dev.toeless.bench..")
            .whereLayer("bench").mayNotBeAccessedByAnyLayer()
            .whereLayer("host-stack").mayOnlyBeAccessedByLayers("bench")
            .whereLayer("vfs-sink").mayOnlyBeAccessedByLayers("bench")
            .whereLayer("rx-page-accum").mayOnlyBeAccessedByLayers("host-stack", "bench")
            .whereLayer("tx-segmentation").mayOnlyBeAccessedByLayers("host-stack", "bench")
            .because("ARCHITECTURE.md: accum and tso build on the NIC model, the stack on those three, the file "
                + "sink on the NIC model only (it takes page references, not sockets), and bench on everything");
    }

    /**
     * TCP and its sockets see the layer below only through {@code IpOutput} (and the packet types),
     * never the host's concrete IP layer, so the same engine can run where there is no host IP
     * layer (on a TOE card).
     */
    static ArchRule tcpTalksToAnIpOutput() {
        return noClasses().that().resideInAnyPackage("dev.toeless.stack.tcp..", "dev.toeless.stack.socket..")
            .should().dependOnClassesThat().haveFullyQualifiedName("dev.toeless.stack.ip.IpLayer")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.toeless.stack.ip.ControlPlane")
            .because("ARCHITECTURE.md: the full-TOE and card-node placements reuse the TCP engine, not fork it");
    }

    static ArchRule noPackageCycles() {
        return slices().matching("dev.toeless.(**)")
            .should().beFreeOfCycles()
            .because("packages are split by concern; a cycle means two concerns that cannot be understood apart");
    }

    static ArchRule modulesHoldTheirOwnPackages() {
        return classes().that().resideInAPackage("dev.toeless..")
            .should(liveInTheModuleOfTheirPackageRoot())
            .because("the layering rule reads modules from package roots, which only holds if each module keeps "
                + "to its own root");
    }

    private static ArchCondition<JavaClass> liveInTheModuleOfTheirPackageRoot() {
        return new ArchCondition<>("live in the module of their package root (dev.toeless.<root> -> module)") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                final String root = packageRoot(javaClass.getPackageName());
                final String expected = MODULE_OF_ROOT.get(root);
                final String actual = moduleOf(javaClass);
                final boolean ok = expected != null && expected.equals(actual);
                events.add(new SimpleConditionEvent(javaClass, ok, javaClass.getName() + " has package root '"
                    + root + "' (module " + expected + ") but comes from module " + actual));
            }
        };
    }

    static String packageRoot(String packageName) {
        final String rest = packageName.substring(Math.min(packageName.length(), "dev.toeless.".length()));
        final int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /**
     * The module a class was loaded from: the last path segment naming a module, in the part of
     * its location before its own package directories ({@code .../nic-hw-model/target/classes},
     * {@code .../nic-hw-model-0.1.0-SNAPSHOT.jar}, {@code .../dev/toeless/nic-hw-model/0.1.0/...}).
     */
    static String moduleOf(JavaClass javaClass) {
        final String uri = javaClass.getSource().map(s -> s.getUri().toString()).orElse("");
        final int own = uri.lastIndexOf("/" + javaClass.getPackageName().replace('.', '/') + "/");
        final String location = own < 0 ? uri : uri.substring(0, own);
        String found = null;
        for (String segment : location.split("[/!]")) {
            for (String module : MODULE_OF_ROOT.values()) {
                if (segment.matches(Pattern.quote(module) + "(-\\d.*)?")) {
                    found = module;
                }
            }
        }
        return found;
    }
}
