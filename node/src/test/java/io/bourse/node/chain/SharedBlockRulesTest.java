package io.bourse.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.consensus.sim.SimApplication;
import io.bourse.core.block.Block;
import io.bourse.core.block.BlockHeader;
import io.bourse.core.block.BlockRules;
import io.bourse.core.block.Refusal;
import io.bourse.core.block.Refusal.Reason;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.crypto.SignatureVerifier;
import io.bourse.core.genesis.DefaultParameters;
import io.bourse.core.genesis.Genesis;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.types.BlockHeight;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Hash;
import io.bourse.core.types.Signature;
import io.bourse.core.types.Timestamp;
import io.bourse.storage.ChainStore;
import io.bourse.storage.MemoryKeyValueStore;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The node's chain and the consensus simulator validate blocks with the same rules
 * ({@link BlockRules}): every block below is given to both, each built on its own head the same
 * way, and both must reach the same verdict with the same reason. Before the rules were shared the
 * two disagreed on the clock tolerance (5 s and 1 s), which {@link #aBlockThreeSecondsAheadIsAcceptedByBoth} pins.
 */
// covers: C3, C4
class SharedBlockRulesTest {
    static final ChainId CHAIN = ChainId.of("shared-rules");
    final KeyPair generator = KeyPair.generate();
    final KeyPair signer = KeyPair.generate();
    final KeyPair outsider = KeyPair.generate();
    final NetworkParameters params = DefaultParameters.of(CHAIN, 1_000, List.of(generator.publicKey(), signer.publicKey()),
            List.of(), KeyPair.generate().publicKey()).validate();
    final long genesisMillis = 1_700_000_000_000L;
    final long now = genesisMillis + 60_000;
    final Chain chain = new Chain(new ChainStore(new MemoryKeyValueStore()),
            new Genesis(CHAIN, Timestamp.ofMillis(genesisMillis), params, List.of()), generator, new Mempool(CHAIN, 100, 10));
    final SimApplication sim = new SimApplication(generator, params, genesisMillis, List.of(),
            SignatureVerifier.ED25519, 1);

    /** Both validators' verdicts on a block each proposer made at {@code ts}, then changed by {@code change}. */
    private List<Optional<Reason>> verdicts(long ts, UnaryOperator<BlockHeader> change, KeyPair signWith,
                                            boolean breakSignature) {
        Block fromChain = chain.proposeBlock(ts, Optional.empty());
        Block fromSim = sim.proposeBlock(1, ts, Optional.empty());
        return List.of(
                chain.validate(rebuild(fromChain, change, signWith, breakSignature), now).map(Refusal::reason),
                sim.validate(rebuild(fromSim, change, signWith, breakSignature), now).map(Refusal::reason));
    }

    private static Block rebuild(Block b, UnaryOperator<BlockHeader> change, KeyPair signWith, boolean breakSignature) {
        Block signed = Block.signed(signWith, change.apply(b.header()), b.parentCertificate(), b.commitments());
        if (!breakSignature) {
            return signed;
        }
        byte[] sig = signed.generatorSignature().unsafeBytes().clone();
        sig[0] ^= 1;
        return new Block(signed.header(), new Signature(sig), signed.parentCertificate(), signed.commitments());
    }

    private static BlockHeader with(BlockHeader h, ChainId chainId, long height, Hash parametersHash) {
        return new BlockHeader(chainId, BlockHeight.of(height), h.parentHash(), h.timestamp(), h.generator(), parametersHash,
                h.parentCertificateHash(), h.commitmentsRoot(), h.stateRoot(), h.kind());
    }

    @Test
    void aBlockThreeSecondsAheadIsAcceptedByBoth() {
        assertThat(verdicts(now + 3_000, h -> h, generator, false)).containsOnly(Optional.empty());
    }

    @Test
    void aBlockPastTheClockToleranceIsRefusedByBoth() {
        assertThat(verdicts(now + BlockRules.MAX_CLOCK_DRIFT_MILLIS + 1_000, h -> h, generator, false))
                .containsOnly(Optional.of(Reason.TIMESTAMP_IN_FUTURE));
    }

    @Test
    void aBlockNamingOtherParametersIsRefusedByBoth() {
        assertThat(verdicts(now, h -> with(h, h.chainId(), h.height().value(), Hash.of(new byte[] {7})), generator, false))
                .containsOnly(Optional.of(Reason.WRONG_PARAMETERS));
    }

    @Test
    void aBlockByAKeyThatIsNoSignerIsRefusedByBoth() {
        assertThat(verdicts(now, h -> new BlockHeader(h.chainId(), h.height(), h.parentHash(), h.timestamp(),
                outsider.publicKey(), h.parametersHash(), h.parentCertificateHash(), h.commitmentsRoot(), h.stateRoot(),
                h.kind()), outsider, false)).containsOnly(Optional.of(Reason.GENERATOR_NOT_SIGNER));
    }

    @Test
    void aBlockForAnotherChainOrHeightOrWithABrokenSignatureIsRefusedByBoth() {
        assertThat(verdicts(now, h -> with(h, ChainId.of("elsewhere"), 1, h.parametersHash()), generator, false))
                .containsOnly(Optional.of(Reason.WRONG_CHAIN));
        assertThat(verdicts(now, h -> with(h, h.chainId(), 2, h.parametersHash()), generator, false))
                .containsOnly(Optional.of(Reason.WRONG_HEIGHT));
        assertThat(verdicts(now, h -> h, generator, true)).containsOnly(Optional.of(Reason.BAD_GENERATOR_SIGNATURE));
    }
}
