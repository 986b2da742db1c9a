package io.bourse.core.ledger;

import static io.bourse.core.ledger.LedgerHarness.buy;
import static io.bourse.core.ledger.LedgerHarness.pay;
import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.block.Block;
import io.bourse.core.codec.Writer;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.commitment.Payloads.OptionType;
import io.bourse.core.commitment.Payloads.OrderType;
import io.bourse.core.commitment.Payloads.Side;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.testing.Golden;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;
import org.junit.jupiter.api.Test;

/**
 * Pins what a fixed run of the ledger produces: a contract creation, purchases, trades with a
 * buying and a selling taker, a resting order, a call and a put written and settled at expiry, and
 * rejected commitments. The state root covers every stored record and the receipts every reject
 * code, so a change to any encoding on these paths (or to the state transition) fails here. The
 * constants were taken from the code as it is.
 */
class LedgerScenarioGoldenTest {

    @Test
    void aFixedLedgerRunKeepsItsPinnedStateRootReceiptsAndBlocks() {
        LedgerHarness h = new LedgerHarness();
        KeyPair alice = h.user(0);
        KeyPair bob = h.user(1);
        KeyPair carol = h.user(2);
        Address fund = h.create(h.user(3), Amount.ofWhole(1000), Amount.ONE, 0, 0);
        TokenId share = TokenId.shareOf(fund);
        h.normal(h.sign(alice, buy(fund, Amount.ofWhole(100), Amount.ONE)),
                h.sign(bob, buy(fund, Amount.ofWhole(10), Amount.ONE)));
        h.normal(h.sign(alice, order(share, Side.SELL, OrderType.LIMIT, "2", "5")));
        h.normal(h.sign(bob, order(share, Side.BUY, OrderType.IMMEDIATE_OR_CANCEL, "2", "3")));
        h.normal(h.sign(bob, order(share, Side.BUY, OrderType.LIMIT, "1.5", "2")));
        h.normal(h.sign(alice, order(share, Side.SELL, OrderType.MARKET, "1.5", "1")));
        h.normal(h.sign(carol, order(share, Side.BUY, OrderType.FILL_OR_KILL, "1", "50")));
        long expiry = h.height + 4;
        h.normal(h.sign(alice, new Payloads.OptionWrite(fund, OptionType.CALL, Amount.parse("2"), expiry,
                        Amount.ofWhole(10))),
                h.sign(bob, new Payloads.OptionWrite(fund, OptionType.PUT, Amount.ONE, expiry, Amount.ofWhole(2))));
        h.normal(h.sign(carol, pay(alice.address(), Amount.ofWhole(1_000_000))),
                h.sign(carol, pay(carol.address(), Amount.ONE)),
                h.sign(carol, new Payloads.CancelOrder(Hash.ZERO)),
                h.sign(carol, buy(TokenId.COIN_CONTRACT, Amount.ONE, Amount.ONE)));
        while (h.height < expiry + 1) {
            h.normal();
        }
        assertThat(h.allReceipts).extracting(Receipt::reason).contains(RejectReason.NONE,
                RejectReason.INSUFFICIENT_BALANCE, RejectReason.SELF_TRANSFER, RejectReason.UNKNOWN_ORDER);
        assertThat(Market.recentTrades(h.state, share, TokenId.COIN, 10)).extracting(Market.Trade::takerSide)
                .contains(Side.BUY, Side.SELL);
        Writer receipts = new Writer();
        h.allReceipts.forEach(r -> r.encode(receipts));
        Writer blocks = new Writer();
        for (Block b : h.blocks) {
            b.encode(blocks);
        }
        Golden.assertHex("state root", h.state.root().bytes(),
                "5bef5f0aa46f70ed4563a56b9a358b62a8a225e46fe12a29069d5599f29762f9");
        Golden.assertHex("SHA-256 of the receipts", Hash.of(receipts.toByteArray()).bytes(),
                "22fa6bdcd6d8963cc9dea3ebf7418265e267667fc866bb29205784b531c91d85");
        Golden.assertHex("SHA-256 of the blocks", Hash.of(blocks.toByteArray()).bytes(),
                "4dbaec0e1a6639fb777a62f6de8ae41156bbf31ed3059b2f099b9269c6b84bbc");
    }

    private static Payloads.PlaceOrder order(TokenId base, Side side, OrderType type, String price, String qty) {
        return new Payloads.PlaceOrder(base, TokenId.COIN, side, type, Amount.parse(price), Amount.parse(qty), 0);
    }
}
