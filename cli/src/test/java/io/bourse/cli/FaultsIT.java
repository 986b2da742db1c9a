package io.bourse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bourse.core.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The devnet under faults, injected the way an operator would ({@code devnet kill|pause|resume|restart}),
 * while a bank workload runs: three clients move Coin between the three funded accounts through
 * the API of whichever node answers, each waiting for its transfer to be final before the next.
 * After every fault the chain must go on (or, with more than f signers down, halt and then go on by
 * itself), and at the end: every transfer acknowledged final is in every node's chain at the same
 * height, the accounts' total is unchanged, every node has the same block hash and state root at
 * every height, and each node's ledger passes the audit (Coin = minted − burned). The longest gap
 * between final blocks around each fault is printed (docs/reliability.md). Bounded: seeded, at
 * most about four minutes. // covers: C1, C7, C11
 */
class FaultsIT {
    static final long SEED = 20261203L;
    /** Rounds of the fault sequence ({@code -Dbourse.soak.rounds}, {@link BankWorkload#ROUNDS}). */
    static final int ROUNDS = BankWorkload.ROUNDS;
    @TempDir
    static Path dir;
    static Path net;
    static TestDevnet devnet;
    static Map<String, String> apis = new LinkedHashMap<>();
    static BankWorkload bank;

    @BeforeAll
    static void startDevnet() throws Exception {
        net = dir.resolve("net");
        devnet = TestDevnet.start(net, Duration.ofSeconds(120), "--block-time", "0.5", "--no-contracts");
        for (JsonNode n : devnet.nodes()) {
            apis.put(n.get("name").asText(), n.get("api").asText());
        }
        bank = new BankWorkload(apis, net);
    }

    @AfterAll
    static void stopDevnet() throws Exception {
        if (devnet != null) {
            devnet.stop();
        }
    }

    static String control(String... args) {
        List<String> all = new ArrayList<>(List.of("devnet"));
        all.addAll(List.of(args));
        all.addAll(List.of("--dir", net.toString()));
        CliRun r = CliRun.of(all.toArray(String[]::new));
        assertThat(r.code()).as("bourse %s: %s %s", String.join(" ", all), r.out(), r.err()).isZero();
        return r.out().strip();
    }

    @Test
    void aBankWorkloadSurvivesCrashesPausesRestartsAndALostQuorum() throws Exception {
        bank.start(SEED);
        Map<String, long[]> windows = new LinkedHashMap<>(); // fault → {height before, height after}
        try {
            bank.chainGoesOn("warm-up", 5, Duration.ofSeconds(60));

            for (int r = 1; r <= ROUNDS; r++) {
                String round = ROUNDS == 1 ? "" : "round " + r + ": ";
                long h = bank.top();
                control("kill", "generator");
                bank.chainGoesOn("after SIGKILL of the generator", 5, Duration.ofSeconds(60));
                control("restart", "generator");
                Await.until("the restarted generator catches up", Duration.ofSeconds(60),
                        () -> bank.height("generator") >= bank.top() - 2);
                windows.put(round + "SIGKILL of the generator, then restart", new long[] {h, bank.top()});

                h = bank.top();
                String leader = bank.leaderName();
                control("pause", leader);
                bank.chainGoesOn("with the generator " + leader + " paused (SIGSTOP)", 5, Duration.ofSeconds(60));
                control("resume", leader);
                Await.until("the paused generator wakes and catches up", Duration.ofSeconds(60),
                        () -> bank.height(leader) >= bank.top() - 2);
                bank.chainGoesOn("after the paused generator resumed", 3, Duration.ofSeconds(60));
                windows.put(round + "SIGSTOP/SIGCONT of the generator (" + leader + ")", new long[] {h, bank.top()});

                h = bank.top();
                control("kill", "signer-2");
                bank.chainGoesOn("with signer-2 killed", 3, Duration.ofSeconds(60));
                control("restart", "signer-2");
                Await.until("signer-2 catches up", Duration.ofSeconds(60), () -> bank.height("signer-2") >= bank.top() - 2);
                windows.put(round + "SIGKILL and restart of a signer", new long[] {h, bank.top()});

                h = bank.top();
                control("restart", "execution-server-1");
                bank.chainGoesOn("after an execution server restarted", 3, Duration.ofSeconds(60));
                windows.put(round + "restart of an execution server", new long[] {h, bank.top()});

                h = bank.top();
                control("restart", "--wipe", "signer-3");
                Await.until("signer-3, restarted from an empty directory, catches up", Duration.ofSeconds(90),
                        () -> bank.height("signer-3") >= bank.top() - 2);
                windows.put(round + "a signer restarted from an empty data directory", new long[] {h, bank.top()});

                // more than f = 1 of the 4 signers down: no quorum, the chain halts; back up, it goes on by itself
                h = bank.top();
                List<String> down = new ArrayList<>(List.of("signer-1", "signer-2", "signer-3", "generator"));
                down.remove(bank.leaderName());
                down = down.subList(0, 2);
                for (String n : down) {
                    control("kill", n);
                }
                long halted = bank.top();
                long watchUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                while (System.nanoTime() < watchUntil) { // observed for 3 s: the absence of progress has no event to wait for
                    assertThat(bank.top()).as("no final block without a quorum (2 of 4 signers down)").isLessThanOrEqualTo(halted + 1);
                    Thread.sleep(200); // the 3 s observation samples the height every 0.2 s
                }
                for (String n : down) {
                    control("restart", n);
                }
                bank.chainGoesOn("after the quorum came back", 5, Duration.ofSeconds(120));
                windows.put(round + "2 of 4 signers down (more than f) for 3 s, then back", new long[] {h, bank.top()});

            }
            bank.chainGoesOn("the workload goes on", 5, Duration.ofSeconds(60));
        } finally {
            bank.stop();
        }
        long end = bank.stopAndCheck(30);

        TreeMap<String, String> table = new TreeMap<>();
        windows.forEach((fault, w) -> table.put(fault, "heights " + w[0] + "–" + w[1] + ", longest gap between final blocks "
                + bank.longestGapMillis("signer-1", w[0], w[1]) + " ms"));
        System.out.println("FAULTS seed " + SEED + ", " + bank.finals() + " transfers final, heights 1–" + end);
        table.forEach((k, v) -> System.out.println("FAULT " + k + ": " + v));

        // each node's ledger, read from its store after a clean stop: Coin = minted − burned, shares conserved
        TestDevnet d = devnet;
        devnet = null;
        BankWorkload.stopAndAuditLedgers(d, apis.keySet());
    }
}
