package io.bourse.core.ledger;

import static io.bourse.core.ledger.LedgerHarness.pay;
import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.commitment.Payload;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;
import io.bourse.vm.CallResult;
import io.bourse.vm.ContractCall;
import io.bourse.vm.ContractSandbox;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole path of one New Block Action without the network: the ledger's state becomes ctx
 * ({@link ContractContext}), the contract's code runs in the sandbox, its actions become payloads
 * ({@link ContractActions}) and the ledger applies them as an execution server's result. Lives in
 * contract-vm (the ledger's package, for its test harness) because node-core must not see GraalVM.
 */
// covers: K6, M1, M2
class SandboxToLedgerTest {
    final LedgerHarness h = new LedgerHarness();
    final KeyPair manager = h.user(3);
    final Address fund = h.create(manager, Amount.ofWhole(100), Amount.ONE, 0, 0);
    final Address target = h.create(manager, Amount.ofWhole(1000), Amount.ONE, 0, 0);

    static final String CODE = """
            // holds nothing: buys 10 shares of every other active contract from its treasury;
            // holds shares past the minimum hold time: offers 4 of each at 1.5
            function onNewBlock(ctx) {
              const held = new Map(ctx.contract.holdings.map(x => [x.token, x]));
              for (const c of ctx.market.contracts) {
                if (c.address === ctx.contract.address || c.status !== 'active') continue;
                const h = held.get(c.address);
                if (!h) {
                  ctx.buyFromContract({ contract: c.address, quantity: '10', maxPrice: c.price });
                } else if (h.lots.every(l => ctx.block.timestamp - l.acquiredAt >= ctx.params.minimumHoldMillis)) {
                  ctx.placeOrder({ market: c.address + '-coin', side: 'sell', price: '1.5', quantity: '4' });
                }
              }
              ctx.storage.set('lastHeight', String(ctx.block.height));
            }
            """;

    /** Runs the fund's New Block Action on the current state and applies its actions; returns how many. */
    private int newBlockAction(ContractSandbox sandbox) {
        Hash block = Hash.of(new byte[] {(byte) h.height});
        String ctx = ContractContext.json(h.state, h.params, fund, h.height, h.time, block);
        CallResult r = sandbox.call(ContractCall.onNewBlock(CODE, fund, block, h.time, ctx, Map.of(), 1_000_000));
        assertThat(r).isInstanceOf(CallResult.Completed.class);
        CallResult.Completed done = (CallResult.Completed) r;
        assertThat(done.storageWrites()).containsEntry("lastHeight", String.valueOf(h.height));
        Result<List<Payload>> actions = ContractActions.toPayloads(done.actions());
        assertThat(actions.failed()).as("%s", actions.rejection()).isFalse();
        Receipt applied = h.one(h.act(fund, actions.value().toArray(new Payload[0])));
        assertThat(applied.applied()).as(applied.message()).isTrue();
        return actions.value().size();
    }

    @Test
    void aContractsCodeDecidesWhatTheLedgerApplies() {
        h.one(h.sign(h.user(0), pay(fund, Amount.ofWhole(50))));
        try (ContractSandbox sandbox = new ContractSandbox()) {
            assertThat(newBlockAction(sandbox)).isEqualTo(1);
            assertThat(h.shares(fund, target)).as("bought from the treasury").isEqualTo(Amount.ofWhole(10));
            assertThat(h.coin(fund)).isEqualTo(Amount.ofWhole(40));

            assertThat(newBlockAction(sandbox)).as("too young to sell: nothing to do").isZero();
            while (h.time - LedgerHarness.GENESIS_TIME < h.params.contractMinimumShareHoldTimeSeconds() * 1000 + 5_000) {
                h.normal();
            }
            assertThat(newBlockAction(sandbox)).isEqualTo(1);
            assertThat(LedgerState.reserved(h.state, fund, TokenId.shareOf(target))).as("4 offered at 1.5")
                    .isEqualTo(Amount.ofWhole(4));
        }
    }

    /** Each example contract of examples/contracts, on a ctx the ledger built: it completes, its actions read, the ledger applies them. */
    @Test
    void everyExampleContractRunsOnTheLedgersOwnContext() throws java.io.IOException {
        h.one(h.sign(h.user(0), pay(fund, Amount.ofWhole(50))));
        h.one(h.act(fund, LedgerHarness.buy(target, Amount.ofWhole(20), Amount.ONE)));
        while (h.time - LedgerHarness.GENESIS_TIME < h.params.contractMinimumShareHoldTimeSeconds() * 1000 + 5_000) {
            h.normal();
        }
        java.nio.file.Path dir = java.nio.file.Files.isDirectory(java.nio.file.Path.of("../examples/contracts"))
                ? java.nio.file.Path.of("../examples/contracts") : java.nio.file.Path.of("examples/contracts");
        List<java.nio.file.Path> files;
        try (var list = java.nio.file.Files.list(dir)) {
            files = list.filter(f -> f.toString().endsWith(".js")).sorted().toList();
        }
        assertThat(files).hasSize(5);
        int taken = 0;
        try (ContractSandbox sandbox = new ContractSandbox()) {
            for (java.nio.file.Path f : files) {
                Hash block = Hash.of(f.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                String ctx = ContractContext.json(h.state, h.params, fund, h.height, h.time, block);
                CallResult r = sandbox.call(ContractCall.onNewBlock(java.nio.file.Files.readString(f), fund, block, h.time,
                        ctx, Map.of(), 5_000_000));
                assertThat(r).as("%s", f).isInstanceOf(CallResult.Completed.class);
                Result<List<Payload>> actions = ContractActions.toPayloads(((CallResult.Completed) r).actions());
                assertThat(actions.failed()).as("%s: %s", f, actions.rejection()).isFalse();
                Receipt applied = h.one(h.act(fund, actions.value().toArray(new Payload[0])));
                assertThat(applied.applied()).as("%s: %s", f, applied.message()).isTrue();
                taken += actions.value().size();
            }
        }
        assertThat(taken).as("the examples trade on this state").isGreaterThan(0);
    }
}
