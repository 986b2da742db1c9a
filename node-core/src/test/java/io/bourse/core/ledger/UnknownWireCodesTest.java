package io.bourse.core.ledger;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bourse.core.block.BlockKind;
import io.bourse.core.codec.CodecException;
import io.bourse.core.commitment.Payloads.OptionType;
import io.bourse.core.commitment.Payloads.Side;
import io.bourse.core.state.MerkleState;
import io.bourse.core.state.StateOverlay;
import io.bourse.core.testing.GoldenSamples;
import io.bourse.core.testing.TestKeys;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every enum byte in the ledger's records is decoded strictly: a code no constant has is a
 * {@link CodecException} naming the field, never masked into a valid value (the side and option
 * type bytes were once read with {@code & 1}, so 2 decoded as BUY/CALL) nor an index error.
 */
class UnknownWireCodesTest {
    private static final TokenId SHARE = GoldenSamples.SHARE;

    @Test
    void aRestingOrderWithAnUnknownSideIsRefused() {
        byte[] b = new RestingOrder(Hash.ZERO, GoldenSamples.OTHER, SHARE, TokenId.COIN, Side.BUY, 5, 5, 5, 25, 0, 1, 1)
                .toBytes();
        b[32 + 20 + 20 + 20] = 2; // after id, owner, base, quote
        assertThatThrownBy(() -> RestingOrder.fromBytes(b)).isInstanceOf(CodecException.class)
                .hasMessageContaining("side: unknown code 2");
    }

    @Test
    void anOptionSeriesWithAnUnknownTypeIsRefused() {
        byte[] b = new OptionSeries(Hash.ZERO, GoldenSamples.CONTRACT, OptionType.CALL, 1, 2, 3, 3, false, 0).toBytes();
        b[32 + 20] = 3; // after id, underlying
        assertThatThrownBy(() -> OptionSeries.fromBytes(b)).isInstanceOf(CodecException.class)
                .hasMessageContaining("option type: unknown code 3");
    }

    @Test
    void aTradeRecordWithAnUnknownTakerSideIsRefused() {
        StateOverlay s = new StateOverlay(new MerkleState());
        Market.recordTrade(s, SHARE, TokenId.COIN, context(), 100, 1, Side.SELL, TestKeys.key(1).address(),
                TestKeys.key(2).address());
        byte[] trade = s.get(StateKeys.trade(SHARE, TokenId.COIN, 0)).orElseThrow();
        trade[trade.length - 41] = (byte) 0xFF; // height, time, price, qty, the side, then maker and taker
        s.put(StateKeys.trade(SHARE, TokenId.COIN, 0), trade);
        assertThatThrownBy(() -> Market.recentTrades(s, SHARE, TokenId.COIN, 1)).isInstanceOf(CodecException.class)
                .hasMessageContaining("side: unknown code 255");
    }

    @Test
    void aLastBlockRecordWithAnUnknownKindIsRefused() {
        StateOverlay s = new StateOverlay(new MerkleState());
        LedgerState.setLastBlock(s, new LedgerState.LastBlock(1, 2, TestKeys.key(0).publicKey(), BlockKind.NORMAL));
        byte[] b = s.get(StateKeys.lastBlock()).orElseThrow();
        b[8 + 8 + 32] = 3; // after height, timestamp, generator
        s.put(StateKeys.lastBlock(), b);
        assertThatThrownBy(() -> LedgerState.lastBlock(s)).isInstanceOf(CodecException.class)
                .hasMessageContaining("block kind: unknown code 3");
    }

    @Test
    void aContractRecordWithAnUnknownStatusIsRefused() {
        String config = "{}";
        byte[] b = new ContractRecord(GoldenSamples.CONTRACT, Hash.ZERO, Hash.ZERO, "fund", TestKeys.key(3).publicKey(),
                Amount.ONE, Amount.ONE, 0, ContractStatus.ACTIVE, 0, 0, -1, config).toBytes();
        // the status is followed by three i64 and the config string
        b[b.length - 3 * 8 - 4 - config.getBytes(StandardCharsets.UTF_8).length - 1] = 4;
        assertThatThrownBy(() -> ContractRecord.fromBytes(b)).isInstanceOf(CodecException.class)
                .hasMessageContaining("contract status: unknown code 4");
    }

    @Test
    void aReceiptWithAnUnknownReasonIsRefused() {
        byte[] b = Receipt.rejected(Hash.ZERO, RejectReason.UNSUPPORTED, "m").toBytes();
        // after commitmentId, applied: one past the highest code (codes may have gaps between branches)
        b[32 + 1] = (byte) (java.util.Arrays.stream(RejectReason.values()).mapToInt(RejectReason::code).max().orElse(0) + 1);
        assertThatThrownBy(() -> Receipt.fromBytes(b)).isInstanceOf(CodecException.class)
                .hasMessageContaining("reject reason: unknown code");
    }

    private static BlockContext context() {
        return new BlockContext(GoldenSamples.CHAIN, 3, Hash.ZERO, 1_700_000_000_000L, TestKeys.key(0).publicKey(),
                BlockKind.NORMAL, Optional.empty());
    }
}
