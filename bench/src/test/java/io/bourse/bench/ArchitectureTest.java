package io.bourse.bench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.regex.Pattern;

/**
 * STYLE.md "one library, one package" and the node's layering: a wrong import fails the build.
 * It lives in bench, the last module of the reactor, so it sees every module's classes, bench's
 * own included. Module edges are enforced by Maven itself (a module sees only its declared
 * dependencies).
 */
@AnalyzeClasses(packages = "io.bourse", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule bouncyCastleOnlyInCrypto = noClasses().that().resideOutsideOfPackages("io.bourse.core.crypto..", "io.bourse.bench..")
            .should().dependOnClassesThat().resideInAPackage("org.bouncycastle..")
            .because("Bouncy Castle is wrapped by io.bourse.core.crypto (benchmarks call it raw as their reference)");

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

    @ArchTest
    static final ArchRule transportPortKnowsNoAdapter = noClasses().that()
            .haveFullyQualifiedName("io.bourse.node.net.Transport")
            .should().dependOnClassesThat().resideInAPackage("io.bourse.p2p..")
            .because("the transport port is the node's own; Netty and the p2p module stay behind NettyTransport");

    /** Where the cli module's classes come from: its build output, its jar (bourse.jar) or an installed cli jar. */
    private static final Pattern CLI_MODULE = Pattern.compile("/cli/target/classes/|/bourse\\.jar!|/cli-[^/]*\\.jar!");

    @ArchTest
    static final ArchRule nodeIsNotInTheCli = classes().that().resideInAPackage("io.bourse.node..")
            .should(new ArchCondition<JavaClass>("be built from the node module") {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    String where = c.getSource().map(s -> s.getUri().toString()).orElse("");
                    if (CLI_MODULE.matcher(where).find()) {
                        events.add(SimpleConditionEvent.violated(c, c.getName() + " is in the cli module: " + where));
                    }
                }
            })
            .because("the daemon has a module of its own; cli holds only commands");

    @ArchTest
    static final ArchRule ledgerAndConsensusReadNoClock = noClasses().that()
            .resideInAnyPackage("io.bourse.core.ledger..", "io.bourse.core.market..", "io.bourse.consensus")
            .should().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .because("state transitions and the consensus engine are deterministic; time comes in with the inputs");

    @ArchTest
    static final ArchRule consensusSeesNoNode = noClasses().that().resideInAPackage("io.bourse.consensus..")
            .should().dependOnClassesThat().resideInAnyPackage("io.bourse.node..", "io.bourse.p2p..", "io.bourse.storage..")
            .because("consensus is a pure state machine behind its own ports");
}
