package io.nodelocaldns.modes;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The modes packages depend on each other one way only, so each can be read on its own. */
class PackageCyclesTest {
  @Test
  void theModesPackagesHaveNoCycles() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.nodelocaldns.modes");

    slices().matching("io.nodelocaldns.modes.(**)").should().beFreeOfCycles().check(classes);
  }
}
