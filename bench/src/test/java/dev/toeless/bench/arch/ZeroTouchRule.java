package dev.toeless.bench.arch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import dev.toeless.nic.mem.DiskDma;
import dev.toeless.nic.mem.DmaEngine;
import org.agrona.DirectBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.AccessibleObject;
import java.nio.Buffer;
import java.nio.channels.FileChannel;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

/**
 * Invariant 1 of ARCHITECTURE.md, "zero touch is structural", as ArchUnit rules.
 *
 * <p>HostMemory's byte accessors are package-private, so Java itself keeps host code out of
 * {@code dev.toeless.nic.mem}'s bytes. What is left to check is every other door into the same
 * memory: raw memory access (Unsafe, foreign memory, native methods, Agrona buffers wrapped
 * around a raw address), reflection that breaks encapsulation, a byte view handed out by a
 * {@code dev.toeless.nic.mem} method or field, and the two DMA engines, which are the NIC's and
 * the disk controller's access, not the host CPU's. Host code is {@code dev.toeless.stack..} and
 * {@code dev.toeless.vfs..}.
 *
 * <p>Two places are allowed more, each narrowly: the TAP bridge ({@code dev.toeless.stack.tap})
 * uses foreign memory for its own system-call buffers and so may not depend on
 * {@code dev.toeless.nic.mem} at all; the disk model ({@code dev.toeless.vfs.disk}) is the only
 * host code that may implement a {@link FileChannel}, since {@link DiskDma} hands a channel views
 * of page memory.
 */
final class ZeroTouchRule {
    static final String INVARIANT = "zero touch is structural (ARCHITECTURE.md invariant 1): host code reaches "
        + "payload bytes only through CpuTouch, which counts them, so touch_per_byte cannot under-count";

    static final String[] HOST_CODE = {"dev.toeless.stack..", "dev.toeless.vfs.."};
    static final String TAP_BRIDGE = "dev.toeless.stack.tap..";
    static final String DISK_MODEL = "dev.toeless.vfs.disk..";
    static final String HOST_MEMORY_PACKAGE = "dev.toeless.nic.mem";

    private static final String[] RAW_MEMORY_TYPES = {
        "sun.misc.Unsafe", "jdk.internal.misc.Unsafe", "org.agrona.UnsafeApi", "org.agrona.UnsafeAccess"};

    private ZeroTouchRule() {
    }

    /** All parts together; a violation of any part names the invariant. */
    static ArchRule rule() {
        return CompositeArchRule.of(noRawMemoryAccess())
            .and(noForeignMemoryOutsideTheTapBridge())
            .and(tapBridgeStaysAwayFromHostMemory())
            .and(noReflectionPastEncapsulation())
            .and(noByteViewsOutOfHostMemory())
            .and(noRawAddressBuffers())
            .and(noNativeMethods())
            .and(noNicDma())
            .and(diskDmaOnlyInTheFileSink())
            .and(onlyTheDiskModelImplementsAChannel())
            .because(INVARIANT)
            .allowEmptyShould(true);
    }

    static ArchRule noRawMemoryAccess() {
        return noClasses().that().resideInAnyPackage(HOST_CODE)
            .should().dependOnClassesThat().haveFullyQualifiedName(RAW_MEMORY_TYPES[0])
            .orShould().dependOnClassesThat().haveFullyQualifiedName(RAW_MEMORY_TYPES[1])
            .orShould().dependOnClassesThat().haveFullyQualifiedName(RAW_MEMORY_TYPES[2])
            .orShould().dependOnClassesThat().haveFullyQualifiedName(RAW_MEMORY_TYPES[3])
            .because("Unsafe reads any address, host memory included, and nothing counts it; " + INVARIANT)
            .allowEmptyShould(true);
    }

    static ArchRule noForeignMemoryOutsideTheTapBridge() {
        return noClasses().that().resideInAnyPackage(HOST_CODE).and().resideOutsideOfPackage(TAP_BRIDGE)
            .should().dependOnClassesThat().resideInAPackage("java.lang.foreign..")
            .because("a MemorySegment can be made over host memory's arena and read uncounted; " + INVARIANT)
            .allowEmptyShould(true);
    }

    static ArchRule tapBridgeStaysAwayFromHostMemory() {
        return noClasses().that().resideInAPackage(TAP_BRIDGE)
            .should().dependOnClassesThat().resideInAPackage(HOST_MEMORY_PACKAGE + "..")
            .because("the TAP bridge may use foreign memory for its own buffers only because it never sees "
                + "host memory; " + INVARIANT)
            .allowEmptyShould(true);
    }

    static ArchRule noReflectionPastEncapsulation() {
        return noClasses().that().resideInAnyPackage(HOST_CODE)
            .should().callMethodWhere(breaksEncapsulation())
            .because("setAccessible would open HostMemory's private arena to uncounted reads; " + INVARIANT)
            .allowEmptyShould(true);
    }

    static ArchRule noByteViewsOutOfHostMemory() {
        return noClasses().that().resideInAnyPackage(HOST_CODE)
            .should().callCodeUnitWhere(returnsAByteViewFromHostMemory())
            .orShould().accessFieldWhere(readsAByteViewFieldOfHostMemory())
            .because("a ByteBuffer, Agrona buffer, MemorySegment or byte[] obtained from " + HOST_MEMORY_PACKAGE
                + " would be page bytes the ledger never sees; " + INVARIANT)
            .allowEmptyShould(true);
    }

    static ArchRule noRawAddressBuffers() {
        return noClasses().that().resideInAnyPackage(HOST_CODE)
            .should().callCodeUnitWhere(wrapsARawAddress())
            .because("an Agrona buffer wrapped around a raw address reads whatever lies there; " + INVARIANT)
            .allowEmptyShould(true);
    }

    static ArchRule noNativeMethods() {
        return noMethods().that().areDeclaredInClassesThat().resideInAnyPackage(HOST_CODE)
            .should().haveModifier(JavaModifier.NATIVE)
            .because("native code reads any memory and nothing counts it; " + INVARIANT)
            .allowEmptyShould(true);
    }

    /**
     * Payload that moves without the host CPU is moved by a device model of {@code nic-hw-model}
     * (the modeled NIC, a TOE card's MAC, the IP-over-PCI link's DMA): host code names pages, the
     * device moves their bytes. No host class has its own DmaEngine, and none is exempt.
     */
    static ArchRule noNicDma() {
        return noClasses().that().resideInAnyPackage(HOST_CODE)
            .should().dependOnClassesThat().areAssignableTo(DmaEngine.class)
            .because("DmaEngine is a device's access to host memory, not the host CPU's; " + INVARIANT)
            .allowEmptyShould(true);
    }

    static ArchRule diskDmaOnlyInTheFileSink() {
        return noClasses().that().resideOutsideOfPackages("dev.toeless.vfs..", HOST_MEMORY_PACKAGE + "..",
                "dev.toeless.bench..")
            .should().dependOnClassesThat().areAssignableTo(DiskDma.class)
            .because("DiskDma is the disk controller's access, driven by the file sink (bench only wires it "
                + "up); " + INVARIANT)
            .allowEmptyShould(true);
    }

    static ArchRule onlyTheDiskModelImplementsAChannel() {
        return classes().that().resideInAnyPackage(HOST_CODE).and().areAssignableTo(FileChannel.class)
            .should().resideInAPackage(DISK_MODEL)
            .because("DiskDma hands the channel views of page memory: a channel is the disk, not the CPU; "
                + INVARIANT)
            .allowEmptyShould(true);
    }

    private static DescribedPredicate<JavaMethodCall> breaksEncapsulation() {
        return DescribedPredicate.describe("setAccessible, trySetAccessible or MethodHandles.privateLookupIn",
            call -> {
                final AccessTarget.MethodCallTarget target = call.getTarget();
                final String name = target.getName();
                final JavaClass owner = target.getOwner();
                return ((name.equals("setAccessible") || name.equals("trySetAccessible"))
                    && owner.isAssignableTo(AccessibleObject.class))
                    || (name.equals("privateLookupIn") && owner.isEquivalentTo(MethodHandles.class));
            });
    }

    private static DescribedPredicate<JavaCall<?>> returnsAByteViewFromHostMemory() {
        return DescribedPredicate.describe("a method of " + HOST_MEMORY_PACKAGE + " returning a byte view",
            call -> call.getTarget().getOwner().getPackageName().equals(HOST_MEMORY_PACKAGE)
                && call.getTarget() instanceof AccessTarget.MethodCallTarget method
                && isByteView(method.getRawReturnType()));
    }

    private static DescribedPredicate<JavaFieldAccess> readsAByteViewFieldOfHostMemory() {
        return DescribedPredicate.describe("a byte-view field of " + HOST_MEMORY_PACKAGE,
            access -> access.getTarget().getOwner().getPackageName().equals(HOST_MEMORY_PACKAGE)
                && isByteView(access.getTarget().getRawType()));
    }

    private static boolean isByteView(JavaClass type) {
        return type.isAssignableTo(Buffer.class) || type.isAssignableTo(DirectBuffer.class)
            || type.isAssignableTo("java.lang.foreign.MemorySegment")
            || (type.isArray() && type.getComponentType().isEquivalentTo(byte.class));
    }

    private static DescribedPredicate<JavaCall<?>> wrapsARawAddress() {
        return DescribedPredicate.describe("an Agrona buffer constructor or wrap taking a raw address (long, int)",
            call -> {
                final AccessTarget.CodeUnitCallTarget target = call.getTarget();
                final List<JavaClass> params = target.getRawParameterTypes();
                return target.getOwner().isAssignableTo(DirectBuffer.class)
                    && (target.getName().equals("wrap") || target.getName().equals("<init>"))
                    && params.size() == 2
                    && params.get(0).isEquivalentTo(long.class)
                    && params.get(1).isEquivalentTo(int.class);
            });
    }
}
