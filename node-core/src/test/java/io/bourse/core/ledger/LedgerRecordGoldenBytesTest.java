package io.bourse.core.ledger;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.block.BlockKind;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.commitment.Payloads.OptionType;
import io.bourse.core.commitment.Payloads.Side;
import io.bourse.core.state.MerkleState;
import io.bourse.core.state.StateOverlay;
import io.bourse.core.testing.Golden;
import io.bourse.core.testing.GoldenSamples;
import io.bourse.core.testing.TestKeys;
import io.bourse.core.types.Hash;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.TokenId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Pins the bytes the ledger stores in the state (values and keys, docs/storage.md): contract
 * records of every status, resting orders of both sides, option series of both types with their
 * ids, the market, trade and candle records, the last-block record of every block kind and the
 * plain tables. The state root covers all of them, so a changed byte forks the chain. The constants
 * were taken from the encoding as it is.
 */
class LedgerRecordGoldenBytesTest {
    private static final Map<ContractStatus, String> CONTRACTS = Map.ofEntries(
            entry(ContractStatus.ACTIVE, "e045bf18274eada5558088367a6546b8eddd9c7c931cdb23c5890e58e3fd6e4299dea2ab7f"
                    + "419168eec27ad0fa0687bcafe7ce91eb4d06accfe9b32a5822f1d22e8c9938be0383236d69643bc751dc38b26fd584"
                    + "0000000b476f6c64656e2046756e6437b51de75caa1acb38958e600968fd121eb49ba353cdb07edc45b5bd32f89210"
                    + "000000174876e800000000000000c3500000000000002710000000018bcfe568000000018bf3f1ec00ffffffffffff"
                    + "ffff0000000e7b227269736b223a226c6f77227d"),
            entry(ContractStatus.RESTRICTED, "e045bf18274eada5558088367a6546b8eddd9c7c931cdb23c5890e58e3fd6e4299dea2"
                    + "ab7f419168eec27ad0fa0687bcafe7ce91eb4d06accfe9b32a5822f1d22e8c9938be0383236d69643bc751dc38b26f"
                    + "d5840000000b476f6c64656e2046756e6437b51de75caa1acb38958e600968fd121eb49ba353cdb07edc45b5bd32f8"
                    + "9210000000174876e800000000000000c3500000000000002710010000018bcfe568000000018bf3f1ec00ffffffff"
                    + "ffffffff0000000e7b227269736b223a226c6f77227d"),
            entry(ContractStatus.CLOSING, "e045bf18274eada5558088367a6546b8eddd9c7c931cdb23c5890e58e3fd6e4299dea2ab7f"
                    + "419168eec27ad0fa0687bcafe7ce91eb4d06accfe9b32a5822f1d22e8c9938be0383236d69643bc751dc38b26fd584"
                    + "0000000b476f6c64656e2046756e6437b51de75caa1acb38958e600968fd121eb49ba353cdb07edc45b5bd32f89210"
                    + "000000174876e800000000000000c3500000000000002710020000018bcfe568000000018bf3f1ec00000000000000"
                    + "004d0000000e7b227269736b223a226c6f77227d"),
            entry(ContractStatus.CLOSED, "e045bf18274eada5558088367a6546b8eddd9c7c931cdb23c5890e58e3fd6e4299dea2ab7f"
                    + "419168eec27ad0fa0687bcafe7ce91eb4d06accfe9b32a5822f1d22e8c9938be0383236d69643bc751dc38b26fd584"
                    + "0000000b476f6c64656e2046756e6437b51de75caa1acb38958e600968fd121eb49ba353cdb07edc45b5bd32f89210"
                    + "000000174876e800000000000000c3500000000000002710030000018bcfe568000000018bf3f1ec00ffffffffffff"
                    + "ffff0000000e7b227269736b223a226c6f77227d"));

    private static final Map<BlockKind, String> LAST_BLOCKS = Map.ofEntries(
            entry(BlockKind.GENESIS, "0000000100000001040100000031000000000000000c0000018bcfe59839e5f35b8e70f287d015"
                    + "dc96abc6b1666a8d349452f7a326035fbaf2eb89c0d3ee00"),
            entry(BlockKind.NORMAL, "0000000100000001040100000031000000000000000c0000018bcfe59839e5f35b8e70f287d015dc"
                    + "96abc6b1666a8d349452f7a326035fbaf2eb89c0d3ee01"),
            entry(BlockKind.SPECIAL, "0000000100000001040100000031000000000000000c0000018bcfe59839e5f35b8e70f287d015"
                    + "dc96abc6b1666a8d349452f7a326035fbaf2eb89c0d3ee02"));

    private static final Address OWNER = GoldenSamples.OTHER;
    private static final TokenId SHARE = GoldenSamples.SHARE;

    @Test
    void aContractRecordOfEveryStatusKeepsItsPinnedBytes() {
        assertThat(CONTRACTS.keySet()).containsExactlyInAnyOrder(ContractStatus.values());
        for (ContractStatus status : List.of(ContractStatus.values())) {
            ContractRecord r = new ContractRecord(GoldenSamples.CONTRACT, GoldenSamples.hash("golden/creation"),
                    GoldenSamples.hash("golden/code"), "Golden Fund", TestKeys.key(3).publicKey(),
                    Amount.ofWhole(1_000), Amount.ofUnits(50_000), 10_000, status, 1_700_000_000_000L,
                    1_700_604_800_000L, status == ContractStatus.CLOSING ? 77 : -1, "{\"risk\":\"low\"}");
            Golden.assertHex("contract record " + status, r.toBytes(), CONTRACTS.get(status));
            assertThat(ContractRecord.fromBytes(r.toBytes())).isEqualTo(r);
        }
    }

    @Test
    void restingOrdersOfBothSidesKeepTheirPinnedBytesAndKeys() {
        RestingOrder buy = new RestingOrder(GoldenSamples.hash("golden/buy"), OWNER, SHARE, TokenId.COIN, Side.BUY,
                125_000_000, 2_500, 1_500, 1_875_000_000L, 90, 11, 40);
        RestingOrder sell = new RestingOrder(GoldenSamples.hash("golden/sell"), OWNER, SHARE, TokenId.COIN, Side.SELL,
                130_000_000, 800, 800, 800, 0, 12, 41);
        Golden.assertHex("resting buy order", buy.toBytes(), "eeea1cd280117194c0a6fb555f925e10858a3db03d11c2485b38a8"
                + "9e40d371b47c61ca4763eb84b340a65b1a5787009a32b4aa9ae045bf18274eada5558088367a6546b8eddd9c7c2a03f8d0"
                + "61633f3272ea86630cd16196638945d300000000000773594000000000000009c400000000000005dc000000006fc23ac0"
                + "000000000000005a000000000000000b0000000000000028");
        Golden.assertHex("resting sell order", sell.toBytes(), "074757de3c8d5e9ae9845c7fcdb0bd40928e150431410a07e783"
                + "3b5ac69e1dd07c61ca4763eb84b340a65b1a5787009a32b4aa9ae045bf18274eada5558088367a6546b8eddd9c7c2a03f8"
                + "d061633f3272ea86630cd16196638945d3010000000007bfa4800000000000000320000000000000032000000000000003"
                + "200000000000000000000000000000000c0000000000000029");
        Golden.assertHex("buy order key", StateKeys.order(SHARE, TokenId.COIN, buy.buy(), buy.price(), buy.seq())
                .unsafeValue(), "13e045bf18274eada5558088367a6546b8eddd9c7c2a03f8d061633f3272ea86630cd16196638945d300"
                        + "7ffffffff88ca6bf000000000000000b");
        Golden.assertHex("sell order key", StateKeys.order(SHARE, TokenId.COIN, sell.buy(), sell.price(), sell.seq())
                .unsafeValue(), "13e045bf18274eada5558088367a6546b8eddd9c7c2a03f8d061633f3272ea86630cd16196638945d301"
                        + "0000000007bfa480000000000000000c");
        assertThat(RestingOrder.fromBytes(buy.toBytes())).isEqualTo(buy);
        assertThat(RestingOrder.fromBytes(sell.toBytes())).isEqualTo(sell);
    }

    @Test
    void optionSeriesOfBothTypesKeepTheirPinnedIdsKeysAndBytes() {
        assertSeries(OptionType.CALL, "9ed7e575358ec6671a81dd6fb5bda8d52b9df814573af9a9fd1b855c239e556a",
                "1b2dcacaa7d2ed98f610db0f0db739c6cdcf167441",
                "9ed7e575358ec6671a81dd6fb5bda8d52b9df814573af9a9fd1b855c239e556ae045bf18274eada5558088367a6546b8eddd"
                        + "9c7c000000000011e1a30000000000000001f4000000000000002800000000000000230100000000127a3980");
        assertSeries(OptionType.PUT, "cfbe017d4557f53e115ddff8731643f76924823cb763205568b508a772844966",
                "1be286b97ea2b0f6af688b0d5b50450669220ee49d",
                "cfbe017d4557f53e115ddff8731643f76924823cb763205568b508a772844966e045bf18274eada5558088367a6546b8eddd"
                        + "9c7c010000000011e1a30000000000000001f4000000000000002800000000000000230100000000127a3980");
    }

    /** The series id and state key hash the option type in; the record stores it as a u8. */
    private static void assertSeries(OptionType type, String pinnedId, String pinnedKey, String pinnedRecord) {
        var id = OptionSeries.idOf(GoldenSamples.CONTRACT, type, 300_000_000, 500);
        OptionSeries s = new OptionSeries(id, GoldenSamples.CONTRACT, type, 300_000_000, 500, 40, 35, true,
                310_000_000);
        Golden.assertHex("series id " + type, id.bytes(), pinnedId);
        Golden.assertHex("series key " + type, StateKeys.series(s.token()).unsafeValue(), pinnedKey);
        Golden.assertHex("series " + type, s.toBytes(), pinnedRecord);
        assertThat(OptionSeries.fromBytes(s.toBytes())).isEqualTo(s);
    }

    @Test
    void tradesOfBothTakerSidesKeepThePinnedMarketTradeAndCandleRecords() {
        StateOverlay s = new StateOverlay(new MerkleState());
        BlockContext ctx = new BlockContext(GoldenSamples.CHAIN, 12, Hash.ZERO, 1_700_000_012_345L, TestKeys.key(0).publicKey(),
                BlockKind.NORMAL, Optional.empty());
        Market.recordTrade(s, SHARE, TokenId.COIN, ctx, 125_000_000, 700, Side.BUY, OWNER, TestKeys.key(6).address());
        Market.recordTrade(s, SHARE, TokenId.COIN, ctx, 124_000_000, 300, Side.SELL, TestKeys.key(6).address(), OWNER);
        Golden.assertHex("market, trades and candle", s.writeSet().toBytes(), "00000004000000291"
                + "7e045bf18274eada5558088367a6546b8eddd9c7c2a03f8d061633f3272ea86630cd16196638945d30100000028000000000"
                + "7641700000000000000000c000000000000000000000000000000000000000000000002000000311ee045bf18274eada5558"
                + "088367a6546b8eddd9c7c2a03f8d061633f3272ea86630cd16196638945d3000000000000000001000000490000000000000"
                + "00c0000018bcfe59839000000000773594000000000000002bc007c61ca4763eb84b340a65b1a5787009a32b4aa9a92b8626"
                + "932e0df096ded29f4ff8f06bf91397313000000311ee045bf18274eada5558088367a6546b8eddd9c7c2a03f8d061633f327"
                + "2ea86630cd16196638945d300000000000000010100000049000000000000000c0000018bcfe598390000000007641700000"
                + "000000000012c0192b8626932e0df096ded29f4ff8f06bf913973137c61ca4763eb84b340a65b1a5787009a32b4aa9a00000"
                + "0311fe045bf18274eada5558088367a6546b8eddd9c7c2a03f8d061633f3272ea86630cd16196638945d30000018bcfe519e"
                + "001000000400000018bcfe519e00000000007735940000000000773594000000000076417000000000007641700000000000"
                + "00003e800000000000000000000000000000002");
        assertThat(Market.recentTrades(s, SHARE, TokenId.COIN, 2)).extracting(Market.Trade::takerSide)
                .containsExactly(Side.SELL, Side.BUY);
        Golden.assertHex("market record", new MarketRecord(124_000_000, 12, 123_000_000, 126_000_000, 2).toBytes(),
                "0000000007641700000000000000000c000000000754d4c00000000007829b800000000000000002");
    }

    @Test
    void contractStorageAndAnExecutionLogEntryOfEveryDecisionKeepTheirPinnedBytes() {
        StateOverlay s = new StateOverlay(new MerkleState());
        ContractExecutions.write(s, OWNER, List.of(new Payloads.StorageWrite("b", Optional.of("2")),
                new Payloads.StorageWrite("a", Optional.of("{\"x\":1}"))));
        Golden.assertHex("contract storage", s.writeSet().toBytes(),
                "0000000100000015247c61ca4763eb84b340a65b1a5787009a32b4aa9a010000001e00000002000000016100"
                + "0000077b2278223a317d00000001620000000132");
        assertThat(ContractExecutions.storage(s, OWNER)).containsExactly(Map.entry("a", "{\"x\":1}"), Map.entry("b", "2"));
        Map<ContractExecutions.Decision, String> pinned = Map.of(
                ContractExecutions.Decision.APPLIED,
                "0000000000000029000000000000002b01000000076170706c69656400000001046015ffd27e7a5a432eeaf1"
                + "1fe958a53ae6d49dd29d97ecd6bae61287e822d8c400000001000000016b0000000000000004d2000000025d"
                + "9b63d6e7db324c91fc9d951fe59298a4748da938abf692cfba12e5fce2e7c20749a0a8cdf3e168e41c991aea"
                + "e0225ba7d4031e2fcc58e5baec05931096e8af0000000137b51de75caa1acb38958e600968fd121eb49ba353"
                + "cdb07edc45b5bd32f89210",
                ContractExecutions.Decision.FAILED,
                "0000000000000029000000000000002b02000000066661696c656400000001046015ffd27e7a5a432eeaf11f"
                + "e958a53ae6d49dd29d97ecd6bae61287e822d8c400000001000000016b0000000000000004d2000000025d9b"
                + "63d6e7db324c91fc9d951fe59298a4748da938abf692cfba12e5fce2e7c20749a0a8cdf3e168e41c991aeae0"
                + "225ba7d4031e2fcc58e5baec05931096e8af0000000137b51de75caa1acb38958e600968fd121eb49ba353cd"
                + "b07edc45b5bd32f89210",
                ContractExecutions.Decision.ABSTAINED,
                "0000000000000029000000000000002b03000000096162737461696e656400000001046015ffd27e7a5a432e"
                + "eaf11fe958a53ae6d49dd29d97ecd6bae61287e822d8c400000001000000016b0000000000000004d2000000"
                + "025d9b63d6e7db324c91fc9d951fe59298a4748da938abf692cfba12e5fce2e7c20749a0a8cdf3e168e41c99"
                + "1aeae0225ba7d4031e2fcc58e5baec05931096e8af0000000137b51de75caa1acb38958e600968fd121eb49b"
                + "a353cdb07edc45b5bd32f89210",
                ContractExecutions.Decision.DIVERGED,
                "0000000000000029000000000000002b0400000008646976657267656400000001046015ffd27e7a5a432eea"
                + "f11fe958a53ae6d49dd29d97ecd6bae61287e822d8c400000001000000016b0000000000000004d200000002"
                + "5d9b63d6e7db324c91fc9d951fe59298a4748da938abf692cfba12e5fce2e7c20749a0a8cdf3e168e41c991a"
                + "eae0225ba7d4031e2fcc58e5baec05931096e8af0000000137b51de75caa1acb38958e600968fd121eb49ba3"
                + "53cdb07edc45b5bd32f89210");
        assertThat(pinned.keySet()).containsExactlyInAnyOrder(ContractExecutions.Decision.values());
        for (ContractExecutions.Decision d : ContractExecutions.Decision.values()) {
            ContractExecutions.Entry e = new ContractExecutions.Entry(41, 43, d, d.label(),
                    List.of(new Payloads.CancelOrder(GoldenSamples.hash("golden/order"))),
                    List.of(new Payloads.StorageWrite("k", Optional.empty())), 1234,
                    List.of(TestKeys.key(1).publicKey(), TestKeys.key(2).publicKey()), List.of(TestKeys.key(3).publicKey()));
            byte[] b = ContractExecutions.encode(e);
            Golden.assertHex("execution log entry " + d, b, pinned.get(d));
            assertThat(ContractExecutions.decodeEntry(b)).isEqualTo(e);
        }
    }

    @Test
    void theLastBlockRecordOfEveryBlockKindKeepsItsPinnedBytes() {
        assertThat(LAST_BLOCKS.keySet()).containsExactlyInAnyOrder(BlockKind.values());
        for (BlockKind kind : List.of(BlockKind.values())) {
            StateOverlay s = new StateOverlay(new MerkleState());
            LedgerState.LastBlock lb = new LedgerState.LastBlock(12, 1_700_000_012_345L, TestKeys.key(0).publicKey(),
                    kind);
            LedgerState.setLastBlock(s, lb);
            Golden.assertHex("last block " + kind, s.writeSet().toBytes(), LAST_BLOCKS.get(kind));
            assertThat(LedgerState.lastBlock(s)).contains(lb);
        }
    }

    @Test
    void thePlainLedgerTablesKeepTheirPinnedKeysAndValues() {
        StateOverlay s = new StateOverlay(new MerkleState());
        Address contract = GoldenSamples.CONTRACT;
        LedgerState.setNonce(s, OWNER, 9);
        LedgerState.setBalance(s, OWNER, TokenId.COIN, Amount.ofUnits(123_456));
        LedgerState.setBalance(s, OWNER, SHARE, Amount.ofUnits(42));
        LedgerState.setReserved(s, OWNER, SHARE, Amount.ofUnits(7));
        LedgerState.setSupply(s, new LedgerState.Supply(Amount.ofWhole(5_000), Amount.ofWhole(20)));
        LedgerState.setLots(s, contract, TokenId.shareOf(TestKeys.key(5).address()),
                List.of(new Lot(1_700_000_000_000L, Amount.ofUnits(10)),
                        new Lot(1_700_000_060_000L, Amount.ofUnits(5))));
        LedgerState.setClosingContracts(s, List.of(contract, TestKeys.key(6).address()));
        LedgerState.setLastFee(s, contract, new FeeRecord(1_700_604_800_000L, Amount.ofWhole(900), Amount.ofUnits(400),
                Amount.ofUnits(300), Amount.ofUnits(60), Amount.ofUnits(40)));
        LedgerState.setRateReports(s, "EUR", List.of(new RateEntry(TestKeys.key(7).publicKey(), 95_000_000, 1_700_000_001_000L),
                new RateEntry(TestKeys.key(8).publicKey(), 96_000_000, 1_700_000_002_000L)));
        ContractExecutions.recordParent(s, 42, GoldenSamples.hash("golden/block-41"));
        Golden.assertHex("ledger tables", s.writeSet().toBytes(), "0000000c00000015017c61ca4763e"
                + "b84b340a65b1a5787009a32b4aa9a0100000008000000000000000900000029027c61ca4763eb84b340a65b1a5787009a32b"
                + "4aa9a2a03f8d061633f3272ea86630cd16196638945d30100000008000000000001e24000000029027c61ca4763eb84b340a"
                + "65b1a5787009a32b4aa9ae045bf18274eada5558088367a6546b8eddd9c7c0100000008000000000000002a0000000103010"
                + "0000010000000746a5288000000000077359400000000290be045bf18274eada5558088367a6546b8eddd9c7c55eb365ac68"
                + "3eb3bf95db9e9393aa212add28a4c0100000024000000020000018bcfe56800000000000000000a0000018bcfe6526000000"
                + "00000000005000000290ce045bf18274eada5558088367a6546b8eddd9c7c7c61ca4763eb84b340a65b1a5787009a32b4aa9"
                + "a010000000101000000210f57d4846cecee3fddcb443137723fd1b46d56e64331634ef3c922b72e57f3388e0100000064000"
                + "000024516f3c6053b52d64cebd82b5b6c6103e2d1dd3f7f2a39f7a49771076e8df33d0000000005a995c00000018bcfe56be"
                + "8853b9e6b5447bd67d26de1c686a3104ab7c2a83d6e1d374a539623a9556c23200000000005b8d8000000018bcfe56fd0000"
                + "0001510e045bf18274eada5558088367a6546b8eddd9c7c01000000300000018bf3f1ec0000000014f46b040000000000000"
                + "00190000000000000012c000000000000003c00000000000000280000000111010000002c0000000292b8626932e0df096de"
                + "d29f4ff8f06bf91397313e045bf18274eada5558088367a6546b8eddd9c7c00000029167c61ca4763eb84b340a65b1a57870"
                + "09a32b4aa9ae045bf18274eada5558088367a6546b8eddd9c7c0100000008000000000000000700000009220000000000000"
                + "01900000000092200000000000000290100000020fa5a0649ea439e231598abcc593dd272c0d1ccde52a468f17d3fa739271"
                + "aede3");
    }
}
