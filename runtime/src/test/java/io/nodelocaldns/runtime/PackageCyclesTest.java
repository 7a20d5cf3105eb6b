package io.nodelocaldns.runtime;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The runtime's packages depend on each other in one direction only: no package cycles. */
class PackageCyclesTest {
  @Test
  void theRuntimesPackagesHaveNoCycles() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.nodelocaldns.runtime");
    slices().matching("io.nodelocaldns.runtime.(**)").should().beFreeOfCycles().check(classes);
  }
}
