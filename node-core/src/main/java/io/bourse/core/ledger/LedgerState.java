package io.bourse.core.ledger;

import io.bourse.core.block.BlockKind;
import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.params.ParametersJson;
import io.bourse.core.state.Bytes;
import io.bourse.core.state.StateOverlay;
import io.bourse.core.state.StateReader;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import io.bourse.core.types.TokenId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

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

    /**
     * Sets a balance; for share tokens also keeps the holder index (0x0C) that the Repurchase reads
     * (K5). Lots are not touched here: {@link Tokens} keeps them.
     */
    static void setBalance(StateOverlay s, Address holder, TokenId token, Amount amount) {
        if (amount.isZero()) {
            s.delete(StateKeys.balance(holder, token));
            if (!token.isCoin()) {
                s.delete(StateKeys.holder(token, holder));
            }
        } else {
            s.put(StateKeys.balance(holder, token), new Writer(8).i64(amount.units()).toByteArray());
            if (!token.isCoin()) {
                s.put(StateKeys.holder(token, holder), PRESENT);
            }
        }
    }

    private static final byte[] PRESENT = {1};

    /** Every non-zero balance of {@code holder}, by token (a prefix scan: not for hot paths). */
    public static SortedMap<TokenId, Amount> holdings(StateReader s, Address holder) {
        SortedMap<TokenId, Amount> out = new TreeMap<>();
        int skip = 1 + Address.LENGTH;
        s.scan(StateKeys.balancePrefix(holder)).forEach((k, v) -> out.put(
                TokenId.shareOf(new Address(Arrays.copyOfRange(k.unsafeValue(), skip, skip + Address.LENGTH))),
                Amount.ofUnits(new Reader(v).i64("balance"))));
        return out;
    }

    /** Every holder of a share token with its balance, by address (a prefix scan: not for hot paths). */
    public static SortedMap<Address, Amount> holders(StateReader s, TokenId token) {
        SortedMap<Address, Amount> out = new TreeMap<>();
        int skip = 1 + Address.LENGTH;
        for (Bytes k : s.scan(StateKeys.holdersPrefix(token)).keySet()) {
            Address h = new Address(Arrays.copyOfRange(k.unsafeValue(), skip, skip + Address.LENGTH));
            out.put(h, balance(s, h, token));
        }
        return out;
    }

    /**
     * Every contract record, sorted by address: a prefix scan of the contract table, which probes
     * every bucket of the state — for listings (the API), never for a hot path.
     */
    public static List<ContractRecord> contracts(StateReader s) {
        byte tag = StateKeys.contract(Address.derived("any", new byte[0])).unsafeValue()[0];
        List<ContractRecord> out = new ArrayList<>();
        s.scan(Bytes.of(new byte[] {tag})).values().forEach(v -> out.add(ContractRecord.fromBytes(v)));
        return out;
    }

    /** The address a contract creation gives its contract once final (K1). */
    public static Address contractAddress(Hash creationId) {
        return Contracts.addressFor(creationId);
    }

    /** M1: the direct-sale price in force: the contract's own, never below contractMinimumSharePrice. */
    public static Amount directSalePrice(ContractRecord c, NetworkParameters p) {
        return Contracts.effectivePrice(c, p);
    }

    /** Units of {@code holder}'s balance of {@code token} held back by its resting orders (M2). */
    public static Amount reserved(StateReader s, Address holder, TokenId token) {
        return s.get(StateKeys.reserved(holder, token)).map(b -> Amount.ofUnits(new Reader(b).i64("reserved")))
                .orElse(Amount.ZERO);
    }

    static void setReserved(StateOverlay s, Address holder, TokenId token, Amount amount) {
        if (amount.isZero()) {
            s.delete(StateKeys.reserved(holder, token));
        } else {
            s.put(StateKeys.reserved(holder, token), new Writer(8).i64(amount.units()).toByteArray());
        }
    }

    public static Optional<ContractRecord> contract(StateReader s, Address contract) {
        return s.get(StateKeys.contract(contract)).map(ContractRecord::fromBytes);
    }

    static void setContract(StateOverlay s, ContractRecord c) {
        s.put(StateKeys.contract(c.address()), c.toBytes());
    }

    /** K1: the contract's code, exactly as its creation carried it. */
    public static Optional<String> contractCode(StateReader s, Address contract) {
        return s.get(StateKeys.contractCode(contract)).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** K9: a contract's lots of another contract's shares, oldest first (empty for key holders). */
    public static List<Lot> lots(StateReader s, Address holder, TokenId token) {
        return s.get(StateKeys.lots(holder, token)).map(Lot::decode).orElse(List.of());
    }

    static void setLots(StateOverlay s, Address holder, TokenId token, List<Lot> lots) {
        if (lots.isEmpty()) {
            s.delete(StateKeys.lots(holder, token));
        } else {
            s.put(StateKeys.lots(holder, token), Lot.encode(lots));
        }
    }

    /** The contracts in Closing, sorted by address. */
    public static List<Address> closingContracts(StateReader s) {
        return s.get(StateKeys.closing()).map(b -> Reader.decodeAll(b, "closing contracts",
                r -> r.list(Integer.MAX_VALUE, "closing", rr -> Address.decode(rr, "contract")))).orElse(List.of());
    }

    static void setClosingContracts(StateOverlay s, List<Address> contracts) {
        if (contracts.isEmpty()) {
            s.delete(StateKeys.closing());
        } else {
            List<Address> sorted = new ArrayList<>(contracts);
            Collections.sort(sorted);
            s.put(StateKeys.closing(), new Writer().list(sorted, (w, a) -> a.encode(w)).toByteArray());
        }
    }

    /** M5: the last weekly fee charged to a contract, if any. */
    public static Optional<FeeRecord> lastFee(StateReader s, Address contract) {
        return s.get(StateKeys.feeRecord(contract)).map(FeeRecord::fromBytes);
    }

    static void setLastFee(StateOverlay s, Address contract, FeeRecord f) {
        s.put(StateKeys.feeRecord(contract), f.toBytes());
    }

    /**
     * N4: the latest report of every source for {@code currency}, sorted by the source's key bytes;
     * fresh or not, registered or no longer ({@link Rates#fresh} says which count).
     */
    public static List<RateEntry> rateReports(StateReader s, String currency) {
        return s.get(StateKeys.rates(currency)).map(b -> Reader.decodeAll(b, "rate reports",
                r -> r.list(NetworkParameters.MAX_RATE_SOURCES, "reports", rr -> new RateEntry(
                        PublicKey.decode(rr, "source"), rr.u63("rate"), rr.i64("at"))))).orElse(List.of());
    }

    static void setRateReports(StateOverlay s, String currency, List<RateEntry> reports) {
        s.put(StateKeys.rates(currency), new Writer().list(reports, (w, e) -> {
            e.source().encode(w);
            w.i64(e.rate()).i64(e.reportedAtMillis());
        }).toByteArray());
    }

    /** K6: the height of the last New Block Action result applied for a contract, or −1. */
    /** The last block whose execution of the contract was decided (−1: none yet). */
    public static long lastExecutedHeight(StateReader s, Address contract) {
        return ContractExecutions.status(s, contract).lastDecided();
    }

    /**
     * N6: supply figures, the fresh median rate of every accepted currency, payouts, the operator's
     * latest reserve report and the flags, as of the last block.
     */
    public static CoinStatus coinStatus(StateReader s) {
        Supply supply = supply(s);
        LastBlock lb = lastBlock(s).orElseThrow(() -> new IllegalStateException("the state holds no block"));
        List<CoinStatus.CurrencyRate> rates = new ArrayList<>();
        NetworkParameters p = parameters(s);
        CoinConfig config = CoinContract.config(s);
        for (String cur : config.acceptedCurrencies()) {
            List<RateEntry> fresh = Rates.fresh(p, rateReports(s, cur), lb.timestampMillis());
            rates.add(new CoinStatus.CurrencyRate(cur, fresh.size(), Rates.median(fresh)));
        }
        CoinContract.PayoutTotals totals = CoinContract.payoutTotals(s);
        List<CoinContract.Redemption> pending = totals.pendingCount() == 0 ? List.of()
                : CoinContract.pending(s, CoinContract.PENDING_SHOWN);
        return new CoinStatus(lb.height(), lb.timestampMillis(), supply.minted(), supply.burned(),
                supply.circulating(), config.acceptedCurrencies(), rates, totals, pending, CoinContract.latestReport(s),
                CoinContract.flags(s, lb.timestampMillis(), totals, pending));
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
                    BlockKind.fromCode(r.u8("kind")));
        });
    }

    static void setLastBlock(StateOverlay s, LastBlock lb) {
        Writer w = new Writer(64).i64(lb.height()).i64(lb.timestampMillis());
        lb.generator().encode(w);
        w.u8(lb.kind().code());
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
