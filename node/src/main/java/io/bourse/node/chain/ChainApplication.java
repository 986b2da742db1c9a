package io.bourse.node.chain;

import io.bourse.consensus.Application;
import io.bourse.consensus.ChainHead;
import io.bourse.core.block.Block;
import io.bourse.core.block.BlockKind;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.block.Refusal;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.params.ParametersJson;
import io.bourse.core.types.PublicKey;
import java.util.Optional;

/** The consensus engine's view of the chain (its {@link Application} port). */
public final class ChainApplication implements Application {
    private final Chain chain;

    public ChainApplication(Chain chain) {
        this.chain = chain;
    }

    @Override
    public NetworkParameters parametersFor(long height) {
        long head = chain.height();
        if (height == head) {
            return chain.headParameters();
        }
        if (height == head + 1) {
            return chain.parameters();
        }
        throw new IllegalArgumentException("parameters for height " + height + " are not known at head " + head);
    }

    @Override
    public ChainHead head() {
        Block b = chain.head();
        return new ChainHead(b.height(), b.hash(), b.header().timestamp().millis(),
                b.height() == 0 ? Optional.empty() : chain.store().certificate(b.height()));
    }

    @Override
    public Block proposeBlock(long height, long timestampMillis, Optional<QuorumCertificate> parentCertificate) {
        checkHeight(height);
        return chain.proposeBlock(timestampMillis, parentCertificate);
    }

    @Override
    public Block proposeGeneratorChange(long height, long timestampMillis, Optional<QuorumCertificate> parentCertificate) {
        checkHeight(height);
        return chain.proposeGeneratorChange(timestampMillis, parentCertificate);
    }

    @Override
    public boolean namesGenerator(Block block, PublicKey proposer) {
        if (block.header().kind() != BlockKind.SPECIAL || block.commitments().size() != 1
                || !block.header().generator().equals(proposer)
                || !(block.commitments().get(0).payload() instanceof Payloads.NetworkParametersUpdate u)
                || !block.commitments().get(0).sender().equals(proposer)) {
            return false;
        }
        try {
            return ParametersJson.parse(u.json()).equals(chain.parameters().withGenerator(proposer));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public Optional<Refusal> validate(Block block, long nowMillis) {
        return chain.validate(block, nowMillis);
    }

    @Override
    public Optional<Refusal> validateCertified(Block block, long nowMillis) {
        return chain.validateCertified(block, nowMillis);
    }

    @Override
    public void commit(Block block, QuorumCertificate certificate) {
        chain.commit(block, certificate);
    }

    private void checkHeight(long height) {
        if (height != chain.height() + 1) {
            throw new IllegalStateException("asked to propose at " + height + " on head " + chain.height());
        }
    }
}
