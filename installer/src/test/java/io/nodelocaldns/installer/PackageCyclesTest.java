package io.nodelocaldns.installer;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The installer's packages depend on each other one way only, so each can be read on its own. */
class PackageCyclesTest {
  @Test
  void theInstallersPackagesHaveNoCycles() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.nodelocaldns.installer");

    slices().matching("io.nodelocaldns.installer.(**)").should().beFreeOfCycles().check(classes);
  }
}
