package io.bourse.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorTest {
    static final int SEEDS = Integer.getInteger("sim.seeds", 1000);

    @Test
    void thousandSeedsStaySafeAndLive() { // covers: C2, C3, C4, C7, C8, C11
        List<String> failures = new ArrayList<>();
        int generatorCrashAfterMinority = 0;
        int oneByzantineOfFour = 0;
        int twins = 0;
        int withEvidence = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            SimulationResult r = Simulator.run(seed);
            if (!r.ok()) {
                failures.add(r.summary() + "\n  replay: " + r.replayCommand() + "\n  " + String.join("\n  ", r.trace()));
            }
            Scenario sc = Scenario.random(seed);
            if (sc.generatorCrashHeight() > 0 && sc.generatorCrashReach() < sc.minimumSigners()) {
                generatorCrashAfterMinority++;
            }
            if (sc.signers() == 4 && sc.byzantine().size() == 1) {
                oneByzantineOfFour++;
            }
            if (sc.byzantine().containsValue(Scenario.Behaviour.TWIN)) {
                twins++;
            }
            if (r.evidence() > 0) {
                withEvidence++;
            }
        }
        assertThat(failures).as("failing seeds").isEmpty();
        if (SEEDS >= 1000) {
            assertThat(generatorCrashAfterMinority).as("runs where the generator crashes after a minority signed").isGreaterThan(20);
            assertThat(oneByzantineOfFour).as("runs with one Byzantine signer out of four").isGreaterThan(50);
            assertThat(twins).as("runs with twins").isGreaterThan(20);
            assertThat(withEvidence).as("runs where equivocation was detected").isGreaterThan(10);
        }
    }

    @Test
    void aSeedReplaysExactly() {
        for (long seed : new long[] {3, 77, 1234}) {
            assertThat(Simulator.run(seed)).isEqualTo(Simulator.run(seed));
        }
    }

    /** {@code mvn -pl consensus test -Dtest=SimulatorTest#replaysOneSeed -Dsim.seed=N} prints one run. */
    @Test
    void replaysOneSeed() {
        long seed = Long.getLong("sim.seed", 42);
        SimulationResult r = Simulator.run(seed);
        System.out.println(r.summary());
        r.trace().forEach(System.out::println);
        assertThat(r.ok()).as(r.summary()).isTrue();
    }
}
