package io.bourse.cli;

import io.bourse.consensus.sim.SimulationResult;
import io.bourse.consensus.sim.Simulator;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The consensus simulator's long run: exit 0 only when every seed holds (docs/consensus.md). */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run the deterministic consensus simulator over many seeds.")
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--seeds", defaultValue = "1000", description = "How many seeds (default: ${DEFAULT-VALUE}).")
    long seeds;
    @Option(names = "--from", defaultValue = "1", description = "The first seed (default: ${DEFAULT-VALUE}).")
    long from;
    @Option(names = "--seed", description = "Run this one seed and print its trace when it fails.")
    Long seed;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (seed != null) {
            SimulationResult r = Simulator.run(seed);
            out.println(r.summary());
            if (!r.ok()) {
                r.trace().forEach(out::println);
            }
            return r.ok() ? 0 : 1;
        }
        long failed = 0;
        long started = System.nanoTime();
        for (long s = from; s < from + seeds; s++) {
            SimulationResult r = Simulator.run(s);
            if (!r.ok()) {
                failed++;
                out.println("FAIL " + r.summary());
                out.println("     replay: " + r.replayCommand());
            }
            long done = s - from + 1;
            if (done % 100 == 0 || done == seeds) {
                out.printf("%d/%d seeds, %d failed, %.1f s%n", done, seeds, failed, (System.nanoTime() - started) / 1e9);
                out.flush();
            }
        }
        out.println(failed == 0 ? "all " + seeds + " seeds hold" : failed + " of " + seeds + " seeds failed");
        return failed == 0 ? 0 : 1;
    }
}
