package io.bourse.consensus.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One simulated run, drawn from a seed: the network's size and timing, and the faults that
 * happen before {@link #faultsEndMillis}. At most f signers are Byzantine (a twin pair counts as
 * one); honest signers may crash and restart (their journal and chain survive), more than f at a
 * time, and partitions may cut the network — those only delay the chain, never fork it.
 */
public record Scenario(int signers, int observers, int minimumSigners, long blockMillis, long roundChangeMillis,
                       long minDelay, long maxDelay, int dropPpm, int duplicatePpm,
                       TreeMap<Integer, Behaviour> byzantine, List<Crash> crashes, List<Partition> partitions,
                       int generatorCrashHeight, int generatorCrashReach, long faultsEndMillis) {

    /** What a Byzantine signer does; its engine is the honest one, its output is tampered with. */
    public enum Behaviour {
        /** Never sends its prepares and commits (withheld signatures). */
        SILENT,
        /** Proposes blocks with a wrong state root. */
        INVALID_BLOCKS,
        /** As proposer, sends one block to half of the network and another block to the rest. */
        EQUIVOCATING_PROPOSER,
        /** Runs twice: two correct copies under one key (twins), each with its own journal. */
        TWIN
    }

    public record Crash(int node, long atMillis, long restartMillis) {
    }

    /** Between the two times, {@code side} and the other nodes cannot reach each other. */
    public record Partition(TreeSet<Integer> side, long fromMillis, long toMillis) {
    }

    public static Scenario random(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 4 + r.nextInt(4);
        int observers = r.nextInt(3);
        int bms = SimSetup.bftMinimumSigners(n);
        int f = SimSetup.params(SimSetup.keys(0, n), bms, 1000, 1000).faultTolerance();
        long block = 1000;
        long rc = 1000 + 500L * r.nextInt(3);
        long minDelay = 5 + r.nextInt(20);
        long maxDelay = minDelay + 20 + r.nextInt(150);
        long faultsEnd = 4_000 + r.nextInt(5_000);
        int kind = r.nextInt(8);
        int drop = 0;
        int dup = 0;
        TreeMap<Integer, Behaviour> byz = new TreeMap<>();
        List<Crash> crashes = new ArrayList<>();
        List<Partition> partitions = new ArrayList<>();
        int genCrashHeight = -1;
        int genCrashReach = 0;
        if (kind == 1 || r.nextInt(4) == 0) {
            drop = r.nextInt(150_000);
            dup = r.nextInt(100_000);
        }
        if (kind == 2 || kind == 7) {
            TreeSet<Integer> side = new TreeSet<>();
            int size = 1 + r.nextInt(n - 1);
            while (side.size() < size) {
                side.add(r.nextInt(n + observers));
            }
            long from = r.nextLong(faultsEnd / 2);
            partitions.add(new Partition(side, from, from + 1000 + r.nextLong(faultsEnd / 2)));
        }
        if (kind == 3 || kind == 7) {
            int count = 1 + r.nextInt(n - 1); // may exceed f: the chain stalls, then recovers
            for (int i = 0; i < count; i++) {
                long at = r.nextLong(faultsEnd - 500);
                crashes.add(new Crash(r.nextInt(n), at, at + 200 + r.nextLong(faultsEnd)));
            }
        }
        if (kind == 4) { // the generator crashes mid-round after a minority (or any subset) got its block
            genCrashHeight = 1 + r.nextInt(4);
            genCrashReach = r.nextInt(n);
        }
        if (kind >= 5 && f >= 1) {
            Behaviour[] all = Behaviour.values();
            int count = 1 + r.nextInt(f);
            while (byz.size() < count) {
                byz.put(r.nextInt(n), all[r.nextInt(all.length)]);
            }
        }
        return new Scenario(n, observers, bms, block, rc, minDelay, maxDelay, drop, dup, byz, crashes, partitions,
                genCrashHeight, genCrashReach, faultsEnd);
    }

    public String describe() {
        return signers + " signers (quorum " + (minimumSigners + 1) + "), " + observers + " observers, delay "
                + minDelay + "-" + maxDelay + "ms, drop " + dropPpm / 10_000 + "%, dup " + duplicatePpm / 10_000 + "%"
                + (byzantine.isEmpty() ? "" : ", byzantine " + byzantine)
                + (crashes.isEmpty() ? "" : ", crashes " + crashes.size())
                + (partitions.isEmpty() ? "" : ", partition " + partitions.get(0).side())
                + (generatorCrashHeight < 0 ? "" : ", generator crashes at height " + generatorCrashHeight
                + " reaching " + generatorCrashReach)
                + ", faults until " + faultsEndMillis + "ms";
    }
}
