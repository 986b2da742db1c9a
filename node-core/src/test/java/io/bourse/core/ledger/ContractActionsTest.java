package io.bourse.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.commitment.Payload;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.commitment.Payloads.OptionType;
import io.bourse.core.commitment.Payloads.OrderType;
import io.bourse.core.commitment.Payloads.Side;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A contract's actions read into payloads exactly as docs/contracts.md documents them, and nothing else. */
// covers: K6, M2, M4
class ContractActionsTest {
    static final Address X = Address.derived("test/contract", new byte[] {1});
    static final Hash ID = Hash.of(new byte[] {2});

    @Test
    void everyDocumentedActionReadsIntoItsPayload() {
        Result<List<Payload>> r = ContractActions.toPayloads(List.of(
                "{\"type\":\"placeOrder\",\"args\":{\"market\":\"" + X.text() + "-coin\",\"side\":\"sell\",\"type\":\"fill-or-kill\","
                        + "\"price\":\"1.25\",\"quantity\":\"10\",\"goodTillHeight\":40}}",
                "{\"type\":\"placeOrder\",\"args\":{\"market\":\"" + X.text() + "\",\"side\":\"buy\",\"price\":\"1\",\"quantity\":\"2\"}}",
                "{\"type\":\"cancelOrder\",\"args\":{\"id\":\"" + ID.hex() + "\"}}",
                "{\"type\":\"buyFromContract\",\"args\":{\"contract\":\"" + X.text() + "\",\"quantity\":\"3\",\"maxPrice\":\"1.1\"}}",
                "{\"type\":\"writeOption\",\"args\":{\"underlying\":\"" + X.text() + "\",\"type\":\"call\",\"strike\":\"2\","
                        + "\"expiryHeight\":100,\"size\":\"5\"}}",
                "{\"type\":\"exerciseOption\",\"args\":{\"series\":\"" + ID.hex() + "\",\"size\":\"1\"}}"));
        assertThat(r.failed()).as("%s", r.rejection()).isFalse();
        TokenId share = TokenId.shareOf(X);
        assertThat(r.value()).containsExactly(
                new Payloads.PlaceOrder(share, TokenId.COIN, Side.SELL, OrderType.FILL_OR_KILL, Amount.parse("1.25"),
                        Amount.parse("10"), 40),
                new Payloads.PlaceOrder(share, TokenId.COIN, Side.BUY, OrderType.LIMIT, Amount.ONE, Amount.parse("2"), 0),
                new Payloads.CancelOrder(ID),
                new Payloads.BuyFromContract(X, Amount.parse("3"), Amount.parse("1.1")),
                new Payloads.OptionWrite(X, OptionType.CALL, Amount.parse("2"), 100, Amount.parse("5")),
                new Payloads.OptionExercise(ID, Amount.ONE));
    }

    @Test
    void anActionThatDoesNotReadFailsThemAllNamingItsIndexAndField() {
        String good = "{\"type\":\"cancelOrder\",\"args\":{\"id\":\"" + ID.hex() + "\"}}";
        String[][] cases = {
                {"{\"type\":\"transfer\",\"args\":{}}", "unknown action type"},
                {"{\"type\":\"cancelOrder\",\"args\":{\"id\":\"" + ID.hex() + "\",\"extra\":1}}", "unknown argument 'extra'"},
                {"{\"type\":\"buyFromContract\",\"args\":{\"contract\":\"" + X.text() + "\",\"quantity\":3,\"maxPrice\":\"1\"}}",
                        "quantity must be a string"},
                {"{\"type\":\"buyFromContract\",\"args\":{\"contract\":\"" + X.text() + "\",\"quantity\":\"1e3\",\"maxPrice\":\"1\"}}",
                        "quantity must be a decimal string"},
                {"{\"type\":\"placeOrder\",\"args\":{\"market\":\"" + X.text() + "-coin\",\"side\":\"hold\",\"price\":\"1\",\"quantity\":\"1\"}}",
                        "side must be buy or sell"},
                {"{\"type\":\"writeOption\",\"args\":{\"underlying\":\"" + X.text() + "\",\"type\":\"call\",\"strike\":\"2\","
                        + "\"expiryHeight\":-1,\"size\":\"5\"}}", "expiryHeight must be a whole number"},
                {"not json", "not JSON"}};
        for (String[] c : cases) {
            Result<List<Payload>> r = ContractActions.toPayloads(List.of(good, c[0]));
            assertThat(r.failed()).as(c[0]).isTrue();
            assertThat(r.rejection().message()).as(c[0]).startsWith("action 1: ").contains(c[1]);
        }
    }
}
