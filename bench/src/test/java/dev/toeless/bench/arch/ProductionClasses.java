package dev.toeless.bench.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import java.util.regex.Pattern;

/**
 * The production classes of every module, imported once per test JVM. Bench depends on all
 * modules, so their main classes are on its class path; test classes (including the test-jars
 * and the rule fixtures in bench's own test sources) are left out.
 */
final class ProductionClasses {
    private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar.*");
    private static JavaClasses classes;

    private ProductionClasses() {
    }

    static synchronized JavaClasses get() {
        if (classes == null) {
            classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.matches(TEST_JAR))
                .importPackages("dev.toeless");
        }
        return classes;
    }
}
