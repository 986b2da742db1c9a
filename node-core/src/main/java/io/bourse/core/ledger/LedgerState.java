package io.bourse.core.ledger;

import io.bourse.core.block.BlockKind;
import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.params.ParametersJson;
import io.bourse.core.state.StateOverlay;
import io.bourse.core.state.StateReader;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.PublicKey;
import io.bourse.core.types.TokenId;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Typed reads and writes of the ledger's tables over a state (see {@link StateKeys}). Reads work
 * on any {@link StateReader}; writes need an overlay.
 */
public final class LedgerState {
    /** Coin supply figures (N6): circulation = minted − burned. */
    public record Supply(Amount minted, Amount burned) {
        public Amount circulating() {
            return minted.minus(burned);
        }
    }

    /** What the state remembers of the last applied block. */
    public record LastBlock(long height, long timestampMillis, PublicKey generator, BlockKind kind) {
    }

    private LedgerState() {
    }

    public static long nonce(StateReader s, Address a) {
        return s.get(StateKeys.account(a)).map(b -> new Reader(b).i64("nonce")).orElse(0L);
    }

    static void setNonce(StateOverlay s, Address a, long nonce) {
        s.put(StateKeys.account(a), new Writer(8).i64(nonce).toByteArray());
    }

    public static Amount balance(StateReader s, Address holder, TokenId token) {
        return s.get(StateKeys.balance(holder, token)).map(b -> Amount.ofUnits(new Reader(b).i64("balance")))
                .orElse(Amount.ZERO);
    }

    static void setBalance(StateOverlay s, Address holder, TokenId token, Amount amount) {
        if (amount.isZero()) {
            s.delete(StateKeys.balance(holder, token));
        } else {
            s.put(StateKeys.balance(holder, token), new Writer(8).i64(amount.units()).toByteArray());
        }
    }

    public static Supply supply(StateReader s) {
        return s.get(StateKeys.supply()).map(b -> {
            Reader r = new Reader(b);
            return new Supply(Amount.ofUnits(r.i64("minted")), Amount.ofUnits(r.i64("burned")));
        }).orElse(new Supply(Amount.ZERO, Amount.ZERO));
    }

    static void setSupply(StateOverlay s, Supply supply) {
        s.put(StateKeys.supply(), new Writer(16).i64(supply.minted().units()).i64(supply.burned().units()).toByteArray());
    }

    public static Optional<LastBlock> lastBlock(StateReader s) {
        return s.get(StateKeys.lastBlock()).map(b -> {
            Reader r = new Reader(b);
            return new LastBlock(r.i64("height"), r.i64("timestamp"), PublicKey.decode(r, "generator"),
                    BlockKind.values()[r.u8("kind")]);
        });
    }

    static void setLastBlock(StateOverlay s, LastBlock lb) {
        Writer w = new Writer(64).i64(lb.height()).i64(lb.timestampMillis());
        lb.generator().encode(w);
        w.u8(lb.kind().ordinal());
        s.put(StateKeys.lastBlock(), w.toByteArray());
    }

    /** The Network Parameters in force for the next block. */
    public static NetworkParameters parameters(StateReader s) {
        return s.get(StateKeys.parameters())
                .map(b -> ParametersJson.parse(new String(b, StandardCharsets.UTF_8)))
                .orElseThrow(() -> new IllegalStateException("the state holds no network parameters"));
    }

    /** The Network Parameters that governed the last applied block: its certificate is checked against them. */
    public static NetworkParameters lastBlockParameters(StateReader s) {
        return s.get(StateKeys.lastBlockParameters())
                .map(b -> ParametersJson.parse(new String(b, StandardCharsets.UTF_8)))
                .orElseThrow(() -> new IllegalStateException("the state holds no parameters of the last block"));
    }

    static void setLastBlockParameters(StateOverlay s, NetworkParameters p) {
        s.put(StateKeys.lastBlockParameters(), p.toJson().getBytes(StandardCharsets.UTF_8));
    }

    static void setParameters(StateOverlay s, NetworkParameters p) {
        s.put(StateKeys.parameters(), p.toJson().getBytes(StandardCharsets.UTF_8));
    }
}
