package io.bourse.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import io.bourse.vm.CallResult.Completed;
import io.bourse.vm.CallResult.Failed;
import io.bourse.vm.CallResult.Failure;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * ctx.market (K6): the block's market served by look-ups — one contract, a page in one of three
 * orders, the whole list — read-only, revoked with the call, and paid for by what a call reads.
 */
// covers: K6
class MarketAccessTest {
    static final ContractSandbox SANDBOX = new ContractSandbox();
    static final Address A = Address.derived("test/market", new byte[] {1});
    static final BlockInput BLOCK = new BlockInput(Hash.of(new byte[] {7}), 1_700_000_000_000L, """
            {"block":{"height":9},"market":{"contracts":[
              {"address":"bx03","status":"active","shares":"100","mark":"2","lastTradeHeight":8},
              {"address":"bx01","status":"active","shares":"1000","mark":"0.5","lastTradeHeight":3},
              {"address":"bx02","status":"closing","shares":"10","mark":"1","lastTradeHeight":8},
              {"address":"bx04","status":"active","shares":"50","mark":"10","lastTradeHeight":0}
            ]},"params":{"statementBudget":1000000}}""");

    @AfterAll
    static void close() {
        SANDBOX.close();
    }

    static CallResult run(String body) {
        return SANDBOX.call(ContractCall.of("function onNewBlock(ctx) {" + body + "}", A, "onNewBlock", BLOCK, "{}", Map.of(),
                1_000_000));
    }

    static String out(String body) {
        CallResult r = run(body + "; ctx.storage.set('out', String(out));");
        assertThat(r).as("completed").isInstanceOf(Completed.class);
        return ((Completed) r).storageWrites().get("out");
    }

    static String failure(String body) {
        CallResult r = run(body);
        assertThat(r).as("failed").isInstanceOf(Failed.class);
        assertThat(((Failed) r).reason()).isEqualTo(Failure.SCRIPT_ERROR);
        return ((Failed) r).detail();
    }

    @Test
    void oneContractByAddress() {
        assertThat(out("const c = ctx.market.get('bx02'); const out = [c.status, c.shares, c.mark, ctx.market.get('bx99')]"))
                .isEqualTo("closing,10,1,");
        assertThat(out("const out = ctx.market.get('bx99') === null && ctx.market.get('bx01') === ctx.market.get('bx01')"))
                .as("absent is null; a call reads each contract once").isEqualTo("true");
        assertThat(out("const out = ctx.market.count")).isEqualTo("4");
    }

    @Test
    void pagesInThreeOrders() {
        assertThat(out("const out = ctx.market.list().map((c) => c.address)")).isEqualTo("bx01,bx02,bx03,bx04");
        assertThat(out("const out = ctx.market.list({ sort: 'recent' }).map((c) => c.address)"))
                .as("newest trade first, ties by address").isEqualTo("bx02,bx03,bx01,bx04");
        assertThat(out("const out = ctx.market.list({ sort: 'capitalization' }).map((c) => c.address)"))
                .as("shares x mark: 500, 500, 200, 10").isEqualTo("bx01,bx04,bx03,bx02");
        assertThat(out("const out = ctx.market.list({ offset: 1, limit: 2 }).map((c) => c.address)")).isEqualTo("bx02,bx03");
        assertThat(out("const out = ctx.market.list({ offset: 9 }).length")).isEqualTo("0");
        assertThat(out("const out = ctx.market.contracts.map((c) => c.address)")).as("the whole list, by address")
                .isEqualTo("bx01,bx02,bx03,bx04");
    }

    @Test
    void badArgumentsFailTheCallWithAClearMessage() {
        assertThat(failure("ctx.market.list({ sort: 'volume' })")).contains("sort is address, recent or capitalization");
        assertThat(failure("ctx.market.list({ limit: 257 })")).contains("limit is an integer from 1 to 256");
        assertThat(failure("ctx.market.list({ offset: -1 })")).contains("offset is a non-negative integer");
        assertThat(failure("ctx.market.list({ limit: 1.5 })")).contains("limit is an integer");
        assertThat(failure("ctx.market.get({ toString() { return 'bx01'; } })")).contains("takes an address string");
        assertThat(failure("ctx.market.list({ get sort() { return 'address'; } })")).contains("getters");
    }

    @Test
    void whatItAnswersIsReadOnly() {
        assertThat(failure("'use strict'; ctx.market.get('bx01').mark = '99'")).contains("read only");
        assertThat(failure("'use strict'; ctx.market.contracts.push({})")).contains("non-extensible");
        assertThat(failure("'use strict'; ctx.market.get = () => null")).contains("read only");
        assertThat(out("const out = ctx.market.get('bx01').mark")).as("nothing a call did stays").isEqualTo("0.5");
    }

    @Test
    void readingTheWholeMarketCostsBudgetThatALookUpDoesNot() {
        long one = ((Completed) run("ctx.market.get('bx03');")).budgetUsed();
        long all = ((Completed) run("ctx.market.contracts;")).budgetUsed();
        long none = ((Completed) run("")).budgetUsed();
        assertThat(one).isGreaterThan(none);
        assertThat(all).as("four contracts parsed and frozen").isGreaterThan(one);
    }
}
