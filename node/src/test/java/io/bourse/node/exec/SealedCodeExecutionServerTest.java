package io.bourse.node.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.block.Block;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payload;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.commitment.ReviewReport;
import io.bourse.core.commitment.SealedCodeCheck;
import io.bourse.core.commitment.SealedCodeRewrap;
import io.bourse.core.commitment.SealedSource;
import io.bourse.core.crypto.CodeSealing;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.crypto.SealedCode;
import io.bourse.core.genesis.DefaultParameters;
import io.bourse.core.genesis.Genesis;
import io.bourse.core.ledger.LedgerState;
import io.bourse.core.ledger.PendingCreation;
import io.bourse.core.ledger.SealedCreations;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.testing.Await;
import io.bourse.core.testing.TestBlocks;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.BlockHeight;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Hash;
import io.bourse.core.types.Timestamp;
import io.bourse.node.chain.Chain;
import io.bourse.node.chain.Mempool;
import io.bourse.node.metrics.NodeMetrics;
import io.bourse.storage.ChainStore;
import io.bourse.storage.MemoryKeyValueStore;
import io.bourse.vm.ContractSandbox;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * K2 on a real chain and execution server: server A checks a pending creation's sealed code by
 * itself (it opens, or a tampered one does not and is refused); when the execution servers change
 * from {A, B} to {A, C}, A wraps the data key of the sealed contract to {A, C} by itself, and once
 * that is final C opens the code.
 */
class SealedCodeExecutionServerTest { // covers: K2
    static final ChainId CHAIN = ChainId.of("sealed-exec-test");
    final KeyPair generator = KeyPair.generate();
    final KeyPair signer = KeyPair.generate();
    final KeyPair a = KeyPair.generate();
    final KeyPair b = KeyPair.generate();
    final KeyPair c = KeyPair.generate();
    final Mempool mempool = new Mempool(CHAIN, 1_000, 64);
    final List<Commitment> gossiped = new CopyOnWriteArrayList<>();
    final Chain chain;
    final ContractSandbox sandbox = new ContractSandbox();
    ExecutionServer server;
    Optional<QuorumCertificate> lastQc = Optional.empty();
    long time = System.currentTimeMillis() - 20_000; // recent blocks: the server runs them

    SealedCodeExecutionServerTest() {
        NetworkParameters p = DefaultParameters.of(CHAIN, 1_000, List.of(generator.publicKey(), signer.publicKey()),
                List.of(a.publicKey(), b.publicKey()), KeyPair.generate().publicKey());
        p = p.withContractExecution(p.executionServers(), 1, p.contractStatementBudget());
        Genesis g = new Genesis(CHAIN, Timestamp.ofMillis(time), p, List.of());
        chain = new Chain(new ChainStore(new MemoryKeyValueStore()), g, generator, mempool);
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    Block finalizeBlock() {
        time += 1_000;
        Block blk = chain.proposeBlock(time, lastQc);
        QuorumCertificate qc = TestBlocks.certify(CHAIN, List.of(generator, signer), BlockHeight.of(blk.height()), 0,
                blk.hash());
        chain.commit(blk, qc);
        lastQc = Optional.of(qc);
        return blk;
    }

    Commitment submit(KeyPair k, Payload p) {
        long nonce = chain.readState(s -> mempool.pendingNonce(k.address(), s));
        Commitment cm = Commitment.sign(k, CHAIN, nonce, p);
        assertThat(mempool.admitAgainst(cm, chain)).isEqualTo(Mempool.Admission.ACCEPTED);
        return cm;
    }

    @Test
    void aStayingServerReWrapsTheDataKeyWhenTheServersChange() throws Exception {
        String report = new ReviewReport("Owl Audits", "https://owl.example/r/9",
                Hash.of("r".getBytes(StandardCharsets.UTF_8))).format();
        SealedSource.Split split = SealedSource.split("function onNewBlock(ctx) { ctx.storage.set('k', f()); }\n"
                + "// @sealed-begin\nfunction f() { return 'sealed'; }\n// @sealed-end", Set.of());
        byte[] context = SealedSource.context(split.publicCode(), report);
        SealedCode sc = CodeSealing.seal(split.sections(), List.of(a.publicKey(), b.publicKey()), context,
                new SecureRandom());
        finalizeBlock();
        Commitment creation = submit(signer, new Payloads.ContractCreation("sealed", signer.publicKey(),
                split.publicCode(), sc.toBytes(), report, Amount.ofWhole(10), Amount.ONE, 0, 0, "{}"));
        Block pending = finalizeBlock();
        server = new ExecutionServer(chain, mempool, a, sandbox, gossiped::add, new NodeMetrics(),
                Executors.newSingleThreadExecutor());
        server.committed(pending);
        Await.until("A checks the pending creation", Duration.ofSeconds(30), () -> !checks().isEmpty());
        assertThat(checks()).containsExactly(SealedCodeCheck.opened(creation.id()));
        int needed = chain.parameters().blockMinimumSigners();
        for (KeyPair k : List.of(generator, signer).subList(0, needed)) {
            submit(k, new Payloads.EncryptedCodeApproval(creation.id(), true));
        }
        for (int i = 0; i <= needed; i++) { // the check (a normal block) and each approval (a special block)
            finalizeBlock();
        }
        Address contract = LedgerState.contractAddress(creation.id());
        Optional<io.bourse.core.ledger.ContractRecord> rec = chain.readState(s -> LedgerState.contract(s, contract));
        assertThat(rec).isPresent();

        NetworkParameters next = chain.parameters().withContractExecution(List.of(a.publicKey(), c.publicKey()), 1,
                chain.parameters().contractStatementBudget());
        submit(generator, new Payloads.NetworkParametersUpdate(next.toJson()));
        Block changed = finalizeBlock();
        assertThat(chain.parameters().executionServers()).contains(c.publicKey());

        server.committed(changed);
        Await.until("A submits the re-wrap", Duration.ofSeconds(30),
                () -> gossiped.stream().anyMatch(x -> x.payload() instanceof SealedCodeRewrap r && r.contract().equals(contract)));
        finalizeBlock();
        SealedCode now = chain.readState(s -> SealedCreations.sealedCode(s, contract)).orElseThrow();
        assertThat(now.recipients()).containsExactlyElementsOf(SealedCreations.sorted(List.of(a.publicKey(), c.publicKey())));
        assertThat(CodeSealing.open(c, now, context)).isEqualTo(split.sections());
        assertThat(gossiped).filteredOn(x -> x.payload() instanceof SealedCodeRewrap).hasSize(1);
    }

    List<SealedCodeCheck> checks() {
        return gossiped.stream().filter(x -> x.payload() instanceof SealedCodeCheck).map(x -> (SealedCodeCheck) x.payload())
                .toList();
    }

    @Test
    void aServerChecksThatATamperedSealedSectionDoesNotOpenAndTheCreationIsRefusedSayingWhy() throws Exception {
        String report = new ReviewReport("Owl Audits", "https://owl.example/r/9",
                Hash.of("r".getBytes(StandardCharsets.UTF_8))).format();
        SealedSource.Split split = SealedSource.split("function onNewBlock(ctx) { ctx.storage.set('k', f()); }\n"
                + "// @sealed-begin\nfunction f() { return 'TAMPER_ME'; }\n// @sealed-end", Set.of());
        SealedCode sc = CodeSealing.seal(split.sections(), List.of(a.publicKey(), b.publicKey()),
                SealedSource.context(split.publicCode(), report), new SecureRandom());
        byte[] ct = sc.ciphertext();
        ct[ct.length / 2] ^= 0x01; // a well-formed envelope whose body no longer authenticates
        SealedCode tampered = new SealedCode(sc.sections(), sc.ephemeral(), sc.nonce(), ct, sc.wraps());
        finalizeBlock();
        Commitment creation = submit(signer, new Payloads.ContractCreation("tampered", signer.publicKey(),
                split.publicCode(), tampered.toBytes(), report, Amount.ofWhole(10), Amount.ONE, 0, 0, "{}"));
        Block pending = finalizeBlock();
        server = new ExecutionServer(chain, mempool, a, sandbox, gossiped::add, new NodeMetrics(),
                Executors.newSingleThreadExecutor());
        server.committed(pending);
        Await.until("A checks the pending creation", Duration.ofSeconds(30), () -> !checks().isEmpty());
        SealedCodeCheck check = checks().get(0);
        assertThat(check.creationId()).isEqualTo(creation.id());
        assertThat(check.opens()).isFalse();
        assertThat(check.reason()).contains("does not authenticate (AES-GCM tag)").doesNotContain("TAMPER_ME");

        finalizeBlock();
        PendingCreation pc = chain.readState(s -> SealedCreations.find(s, creation.id())).orElseThrow();
        assertThat(pc.status()).isEqualTo(PendingCreation.Status.REFUSED);
        assertThat(pc.outcome()).contains(a.address().toString()).contains("does not authenticate (AES-GCM tag)");
        finalizeBlock();
        long height = chain.height();
        List<SealedCodeCheck> left = chain.readState(s -> server.checks(s, height));
        assertThat(left).as("nothing pending is left to check").isEmpty();
    }
}
