package io.bourse.vm.devkit;

import io.bourse.core.block.BlockKind;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.commitment.Payloads.CallOutcome;
import io.bourse.core.commitment.Payloads.ContractResult;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.genesis.Genesis;
import io.bourse.core.ledger.ContractExecutions;
import io.bourse.core.ledger.ContractRecord;
import io.bourse.core.ledger.ContractStatus;
import io.bourse.core.ledger.LedgerActions;
import io.bourse.core.ledger.LedgerState;
import io.bourse.core.ledger.Market;
import io.bourse.core.ledger.Receipt;
import io.bourse.core.ledger.RestingOrder;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.params.ParametersJson;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;
import io.bourse.vm.CallResult;
import io.bourse.vm.ContractSandbox;
import io.bourse.vm.ExecutionInput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * O7: replays a {@link Recording} through one contract with the ledger's real rules. A private
 * chain ({@link ReplayChain}) gets one replica of every recorded contract (same shares and price)
 * and the contract under test, funded by an investor; then, block by block at the recorded times
 * and hashes, a market-replay account rebuilds each recorded book with limit orders and a second
 * account replays each recorded trade (the maker's order, then the taker's immediate-or-cancel
 * one) — so the contract's orders match the recorded books and are filled by the recorded flow
 * when they are better. After each block the contract's call is built from the state by
 * {@link ExecutionInput} and run by the {@link ContractSandbox} (the execution servers' engine,
 * budget and host API); its result is voted in the next block like an execution server's and
 * decided by the ledger (hold times, invested ratio, fees, closing, the exchange): a rule that
 * refuses it is reported with the block and the rule.
 *
 * <p>Everything that decides the result is integers, sorted maps and the deterministic sandbox,
 * so a backtest's report is the same bytes on every run and machine.
 */
public final class Backtest {
    /** The longest recording one backtest replays (its state stays in memory). */
    public static final int MAX_BLOCKS = 100_000;
    private static final String REPLICA_CODE = "function onNewBlock(ctx) {}\n";

    /**
     * What the contract under test starts with.
     *
     * @param name    its name
     * @param config  its configuration JSON (what {@code bourse contract deploy --config} gives)
     * @param shares  its shares
     * @param price   its direct-sale price
     * @param capital Coin an investor pays for its shares at the start (at {@code price})
     */
    public record Options(String name, String config, Amount shares, Amount price, Amount capital) {
        public static Options defaults(String name) {
            return new Options(name, "{}", Amount.ofWhole(1_000_000), Amount.ONE, Amount.ofWhole(3_000));
        }
    }

    private final Recording recording;
    private final String code;
    private final Options options;
    private final ReplayChain chain;
    private final KeyPair manager = ReplayChain.key(20);
    private final KeyPair investor = ReplayChain.key(21);
    private final KeyPair maker = ReplayChain.key(22);
    private final KeyPair taker = ReplayChain.key(23);
    private final SortedMap<Address, Address> replicaOf = new TreeMap<>(); // recorded → replica
    private final SortedMap<Address, Address> recordedOf = new TreeMap<>(); // replica → recorded
    private final long offset;
    private final SortedMap<Address, Recording.Listing> listed; // every recorded contract, as first seen
    private Address contract;
    private long captureHeight = -1;
    private String captured;

    public Backtest(Recording recording, String code, Options options) {
        this.recording = recording;
        this.code = code;
        this.options = options;
        if (recording.blocks().size() > MAX_BLOCKS) {
            throw new IllegalArgumentException("blocks: at most " + MAX_BLOCKS + " in one backtest");
        }
        NetworkParameters network;
        try {
            network = ParametersJson.fromTree(recording.parameters());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("parameters: " + e.getMessage());
        }
        this.listed = listings(recording);
        long setupBlocks = listed.size() + 2L;
        long first = recording.blocks().get(0).height();
        this.offset = Math.max(0, setupBlocks + 1 - first);
        long genesisTime = recording.blocks().get(0).timestamp() - (setupBlocks + 1) * network.blockGenerationTimeMillis();
        Amount deep = Amount.ofWhole(1_000_000_000);
        this.chain = new ReplayChain(network, Math.max(0, genesisTime), List.of(
                new Genesis.Allocation(investor.address(), options.capital()),
                new Genesis.Allocation(maker.address(), deep), new Genesis.Allocation(taker.address(), deep)));
    }

    /**
     * Keeps the ctx the contract's call on recorded block {@code height} gets (block, contract,
     * market, parameters, as one JSON object): a fixture of real market state for
     * {@code contract test}. Its addresses are the replay's replicas'.
     */
    public Backtest captureContext(long height) {
        if (height < recording.blocks().getFirst().height() || height > recording.blocks().getLast().height()) {
            throw new IllegalArgumentException("the recording holds blocks " + recording.blocks().getFirst().height()
                    + ".." + recording.blocks().getLast().height() + ", not " + height);
        }
        this.captureHeight = height;
        return this;
    }

    /** The ctx kept by {@link #captureContext} once {@link #run} went past its block (empty if the contract did not run there). */
    public Optional<String> capturedContext() {
        return Optional.ofNullable(captured);
    }

    /** Every contract the recording lists, as first seen. */
    private static SortedMap<Address, Recording.Listing> listings(Recording recording) {
        SortedMap<Address, Recording.Listing> out = new TreeMap<>();
        for (Recording.Block b : recording.blocks()) {
            for (Recording.Listing l : b.contracts()) {
                out.putIfAbsent(l.address(), l);
            }
        }
        return out;
    }

    /** Runs the whole replay in {@code sandbox} and returns the report. */
    public BacktestReport run(ContractSandbox sandbox) {
        BacktestReport.Builder report = new BacktestReport.Builder(options.name(), recording, chain.params);
        Hash parent = setup(report);
        List<Recording.Block> blocks = recording.blocks();
        Optional<Commitment> vote = Optional.empty();
        for (int i = 0; i <= blocks.size(); i++) {
            boolean trailing = i == blocks.size(); // one more block applies the last call's result
            Recording.Block b = trailing ? null : blocks.get(i);
            long recorded = trailing ? blocks.get(i - 1).height() + 1 : b.height();
            long millis = trailing ? blocks.get(i - 1).timestamp() + chain.params.blockGenerationTimeMillis()
                    : b.timestamp();
            List<Commitment> cs = trailing ? new ArrayList<>() : replay(b, report, recorded);
            vote.ifPresent(cs::add);
            List<Receipt> receipts = chain.block(recorded + offset, millis, parent, BlockKind.NORMAL, cs);
            for (int k = 0; k < receipts.size(); k++) {
                boolean replayed = !vote.isPresent() || k < receipts.size() - 1;
                if (replayed && !receipts.get(k).applied() && !(cs.get(k).payload() instanceof Payloads.CancelOrder)) {
                    report.gap(recorded, readable(receipts.get(k).reason() + ": " + receipts.get(k).message()));
                }
            }
            observe(report, recorded, millis);
            vote = trailing ? Optional.empty() : call(sandbox, report, b);
            parent = trailing ? parent : b.hash();
        }
        return report.build();
    }

    /** The replicas, the contract under test and the investor's purchase of its shares. */
    private Hash setup(BacktestReport.Builder report) {
        long height = recording.blocks().get(0).height() + offset;
        long step = chain.params.blockGenerationTimeMillis();
        int setupBlocks = listed.size() + 2;
        long h = height - setupBlocks;
        long t = recording.blocks().get(0).timestamp() - setupBlocks * step;
        Hash parent = setupHash(h - 1);
        for (Recording.Listing l : listed.values()) {
            Commitment c = chain.sign(chain.signer(), new Payloads.ContractCreation(l.name().isEmpty() ? "replica" : l.name(),
                    manager.publicKey(), REPLICA_CODE, new byte[0], "", l.shares(), l.price(), 0, 0, "{}"));
            special(c, h++, t, parent, "replica of " + l.address().text());
            t += step;
            parent = setupHash(h - 1);
            Address replica = LedgerState.contractAddress(c.id());
            replicaOf.put(l.address(), replica);
            recordedOf.put(replica, l.address());
        }
        Commitment created = chain.sign(chain.signer(), new Payloads.ContractCreation(options.name(), manager.publicKey(),
                code, new byte[0], "", options.shares(), options.price(), 0, 0, options.config()));
        special(created, h++, t, parent, "the contract under test");
        t += step;
        parent = setupHash(h - 1);
        contract = LedgerState.contractAddress(created.id());

        List<Commitment> cs = new ArrayList<>();
        Amount bought = Amount.fromDecimal(options.capital().toDecimal().divide(options.price().toDecimal(), 8,
                java.math.RoundingMode.DOWN));
        if (!bought.isZero()) {
            cs.add(chain.sign(investor, new Payloads.BuyFromContract(contract, bought, options.price())));
        }
        List<Receipt> rs = chain.block(h, t, parent, BlockKind.NORMAL, cs);
        if (!bought.isZero() && !rs.get(0).applied()) {
            throw new IllegalArgumentException("the investor's purchase of the contract's shares failed: "
                    + rs.get(0).message());
        }
        return setupHash(h);
    }

    private void special(Commitment c, long height, long millis, Hash parent, String what) {
        Receipt r = chain.block(height, millis, parent, BlockKind.SPECIAL, List.of(c)).get(0);
        if (!r.applied()) {
            throw new IllegalArgumentException("cannot create " + what + ": " + r.message());
        }
    }

    private static Hash setupHash(long height) {
        return Hash.of(("bourse/backtest-setup/" + height).getBytes(StandardCharsets.US_ASCII));
    }

    /** The replay accounts' commitments that turn the previous block's market into {@code b}'s. */
    private List<Commitment> replay(Recording.Block b, BacktestReport.Builder report, long recorded) {
        List<Commitment> cs = new ArrayList<>();
        for (KeyPair k : List.of(maker, taker)) {
            for (RestingOrder o : Market.openOrders(chain.state, k.address())) {
                cs.add(chain.sign(k, new Payloads.CancelOrder(o.id())));
            }
        }
        restock(b, cs);
        for (Recording.Trade t : b.trades()) {
            Address replica = replicaOf.get(t.market());
            if (replica == null) {
                report.gap(recorded, "a trade on " + t.market().text() + ", which the recording does not list");
                continue;
            }
            boolean takerBuys = t.takerSide().equals("buy");
            Commitment rest = chain.sign(maker, order(replica, takerBuys ? Payloads.Side.SELL : Payloads.Side.BUY,
                    Payloads.OrderType.LIMIT, t.price(), t.quantity()));
            cs.add(rest);
            cs.add(chain.sign(taker, order(replica, takerBuys ? Payloads.Side.BUY : Payloads.Side.SELL,
                    Payloads.OrderType.IMMEDIATE_OR_CANCEL, t.price(), t.quantity())));
            cs.add(chain.sign(maker, new Payloads.CancelOrder(rest.id()))); // what the taker left of it
        }
        b.books().forEach((a, book) -> {
            Address replica = replicaOf.get(a);
            if (replica == null) {
                report.gap(recorded, "a book of " + a.text() + ", which the recording does not list");
                return;
            }
            for (Recording.Level l : book.bids()) {
                cs.add(chain.sign(maker, order(replica, Payloads.Side.BUY, Payloads.OrderType.LIMIT, l.price(), l.quantity())));
            }
            for (Recording.Level l : book.asks()) {
                cs.add(chain.sign(maker, order(replica, Payloads.Side.SELL, Payloads.OrderType.LIMIT, l.price(), l.quantity())));
            }
        });
        return cs;
    }

    /**
     * The replay accounts buy from a replica's treasury what they lack for the block (the contract
     * under test may have taken their shares): the maker what it shows as asks and sells to recorded
     * buyers, the taker what recorded sellers sell. So the recorded book stays the recorded book;
     * what a treasury cannot give shows as a replay gap.
     */
    private void restock(Recording.Block b, List<Commitment> cs) {
        SortedMap<Address, Amount> makerNeeds = new TreeMap<>();
        SortedMap<Address, Amount> takerNeeds = new TreeMap<>();
        b.books().forEach((a, book) -> book.asks().forEach(l -> makerNeeds.merge(a, l.quantity(), Amount::plus)));
        for (Recording.Trade t : b.trades()) {
            (t.takerSide().equals("buy") ? makerNeeds : takerNeeds).merge(t.market(), t.quantity(), Amount::plus);
        }
        restock(maker, makerNeeds, cs);
        restock(taker, takerNeeds, cs);
    }

    private void restock(KeyPair account, SortedMap<Address, Amount> needs, List<Commitment> cs) {
        needs.forEach((recorded, qty) -> {
            Address replica = replicaOf.get(recorded);
            if (replica == null) {
                return;
            }
            Amount held = LedgerState.balance(chain.state, account.address(), TokenId.shareOf(replica));
            if (held.lessThan(qty)) {
                Amount treasury = LedgerState.balance(chain.state, replica, TokenId.shareOf(replica));
                Amount buy = Amount.min(qty.minus(held), treasury);
                if (!buy.isZero()) {
                    Recording.Listing l = listed.get(recorded);
                    cs.add(chain.sign(account, new Payloads.BuyFromContract(replica, buy, replicaPrice(l, chain.params))));
                }
            }
        });
    }

    private static Payloads.PlaceOrder order(Address replica, Payloads.Side side, Payloads.OrderType type, Amount price,
                                             Amount quantity) {
        return new Payloads.PlaceOrder(TokenId.shareOf(replica), TokenId.COIN, side, type, price, quantity, 0);
    }

    /** What the block did to the contract: its trades, the ledger's decisions and own acts, its value. */
    private void observe(BacktestReport.Builder report, long recorded, long millis) {
        long height = recorded + offset;
        for (Map.Entry<Address, Address> r : recordedOf.entrySet()) {
            List<Market.Trade> trades = Market.recentTrades(chain.state, TokenId.shareOf(r.getKey()), TokenId.COIN,
                    Market.RECENT_TRADES);
            for (Market.Trade t : trades.reversed()) {
                if (t.height() == height && (t.maker().equals(contract) || t.taker().equals(contract))) {
                    boolean makerSide = t.maker().equals(contract);
                    boolean buys = makerSide == (t.takerSide() == Payloads.Side.SELL);
                    report.trade(recorded, r.getValue(), buys ? "buy" : "sell", t.price(), t.quantity(),
                            makerSide ? "maker" : "taker");
                }
            }
        }
        for (ContractExecutions.Entry e : ContractExecutions.log(chain.state, contract, 0)) {
            if (e.decidedAt() == height && e.decision() == ContractExecutions.Decision.FAILED
                    && report.ruleBroken(e.forHeight() - offset)) {
                report.violation(recorded, e.forHeight() - offset, rule(e.reason()), readable(detail(e.reason())));
            }
        }
        for (LedgerActions.Entry a : LedgerActions.log(chain.state, contract)) {
            if (a.height() == height) {
                report.violation(recorded, recorded, "LEDGER_" + a.kind().name(), readable(a.kind().name().toLowerCase(java.util.Locale.ROOT)
                        + " of " + a.quantity().toPlainString() + " " + token(a.token()) + " for "
                        + a.coin().toPlainString() + " Coin" + (a.note().isEmpty() ? "" : ": " + a.note())));
            }
        }
        ContractRecord rec = LedgerState.contract(chain.state, contract).orElseThrow();
        Market.Valuation v = Market.valuation(chain.state, chain.params, contract);
        Amount outstanding = rec.shares().minus(LedgerState.balance(chain.state, contract, rec.token()));
        report.value(recorded, millis, rec.status().name().toLowerCase(java.util.Locale.ROOT), v.total(), outstanding,
                LedgerState.balance(chain.state, contract, TokenId.COIN));
    }

    /** The contract's call on the state after block {@code b}; its result, to vote in the next block. */
    private Optional<Commitment> call(ContractSandbox sandbox, BacktestReport.Builder report, Recording.Block b) {
        ContractRecord rec = LedgerState.contract(chain.state, contract).orElseThrow();
        if (rec.status() != ContractStatus.ACTIVE && rec.status() != ContractStatus.CLOSING) {
            report.call(b.height(), "not-run (" + rec.status().name().toLowerCase(java.util.Locale.ROOT) + ")", 0, "");
            return Optional.empty();
        }
        Optional<ExecutionInput> in = ExecutionInput.of(chain.state, chain.params, rec, b.height() + offset, b.hash(),
                b.timestamp());
        if (in.isEmpty()) {
            report.call(b.height(), "not-run (no public code)", 0, "");
            return Optional.empty();
        }
        if (b.height() == captureHeight) {
            captured = ContractTests.contextOf(in.get().call());
        }
        CallResult answer = sandbox.call(in.get().call());
        ContractResult result = in.get().result(answer);
        String outcome = result.outcome() == CallOutcome.COMPLETED ? "completed"
                : result.outcome() == CallOutcome.FAILED ? "failed" : "abstained";
        report.call(b.height(), outcome, result.budgetUsed(), readable(result.reason()));
        if (result.outcome() == CallOutcome.ABSTAINED) {
            return Optional.empty();
        }
        return Optional.of(chain.sign(chain.executionServer,
                new Payloads.ContractExecutionResults(b.height() + offset, b.hash(), List.of(result))));
    }

    private static String rule(String reason) {
        int colon = reason.indexOf(": ");
        return colon < 0 ? reason : reason.substring(0, colon);
    }

    private static String detail(String reason) {
        int colon = reason.indexOf(": ");
        return colon < 0 ? "" : reason.substring(colon + 2);
    }

    /** Replica addresses in a message become the recorded contracts' (what the author knows). */
    private String readable(String message) {
        String out = message;
        for (Map.Entry<Address, Address> r : recordedOf.entrySet()) {
            out = out.replace(r.getKey().text(), r.getValue().text());
        }
        return out;
    }

    private String token(TokenId t) {
        return t.isCoin() ? "Coin" : "shares of " + recordedOf.getOrDefault(t.contract(), t.contract()).text();
    }

    /** The most the maker pays a replica per share: its recorded price, never below the minimum share price. */
    private static Amount replicaPrice(Recording.Listing l, NetworkParameters p) {
        return l.price().lessThan(p.contractMinimumSharePrice()) ? p.contractMinimumSharePrice() : l.price();
    }
}
