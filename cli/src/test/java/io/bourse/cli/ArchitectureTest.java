package io.bourse.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** STYLE.md "one library, one package": a wrong import fails the build. Module edges are enforced by Maven (enforcer). */
@AnalyzeClasses(packages = "io.bourse", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule bouncyCastleOnlyInCrypto = noClasses().that().resideOutsideOfPackage("io.bourse.core.crypto..")
            .should().dependOnClassesThat().resideInAPackage("org.bouncycastle..")
            .because("Bouncy Castle is wrapped by io.bourse.core.crypto");

    @ArchTest
    static final ArchRule rocksDbOnlyInStorage = noClasses().that().resideOutsideOfPackage("io.bourse.storage..")
            .should().dependOnClassesThat().resideInAPackage("org.rocksdb..")
            .because("RocksDB is wrapped by the storage adapter");

    @ArchTest
    static final ArchRule nettyOnlyInP2p = noClasses().that().resideOutsideOfPackage("io.bourse.p2p..")
            .should().dependOnClassesThat().resideInAPackage("io.netty..")
            .because("Netty is wrapped by the p2p module");

    @ArchTest
    static final ArchRule graalOnlyInVm = noClasses().that().resideOutsideOfPackage("io.bourse.vm..")
            .should().dependOnClassesThat().resideInAPackage("org.graalvm..")
            .because("GraalVM is wrapped by the contract-vm adapter");

    @ArchTest
    static final ArchRule nothingButCliExits = noClasses().that().resideOutsideOfPackage("io.bourse.cli..")
            .should().callMethod(System.class, "exit", int.class)
            .because("only the cli decides to end the process (STYLE.md, two error tiers)");
}
