package io.bourse.node.api;

import static io.bourse.node.api.ApiHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.bourse.core.block.Block;
import io.bourse.core.block.BlockKind;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payload;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.ledger.LedgerState;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;
import io.bourse.p2p.http.HttpResponse;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Found from outside: special payloads signed by fresh keys with no authority were admitted, each
 * then took a special block of its own, and a flood of them held ordinary transfers back for
 * many blocks. Admission now applies the ledger's own authority rule, and special blocks never
 * come twice in a row while normal commitments wait.
 */
// covers: C6, K2, K4, N2, N4, K6, K7
class AuthorityFloodTest {
    final ApiHarness h = new ApiHarness(false);

    /** Every payload that needs an authority, as a stranger would send it. */
    private List<Function<KeyPair, Payload>> authorityPayloads() {
        String params = h.chain.parameters().toJson();
        Address someContract = Address.derived("contract", new byte[] {9});
        return List.of(
                k -> new Payloads.NetworkParametersUpdate(params),
                k -> new Payloads.ContractStateChange(someContract, true),
                k -> new Payloads.EncryptedCodeApproval(Hash.of(new byte[] {1}), true),
                k -> io.bourse.core.commitment.SealedCodeCheck.opened(Hash.of(new byte[] {1})),
                k -> new Payloads.CoinPurchase(k.address(), "BTC", Amount.ONE, 1, "ref-" + k.address()),
                k -> new Payloads.RateReport("BTC", 1),
                k -> new Payloads.ContractClose(someContract));
    }

    @Test
    void specialPayloadsFromKeysWithoutAuthorityAreRefusedAtAdmissionAndTransfersGoOn() {
        int refused = 0;
        for (int i = 0; i < 20; i++) {
            for (Function<KeyPair, Payload> payload : authorityPayloads()) {
                KeyPair stranger = KeyPair.generate();
                Commitment c = h.sign(stranger, payload.apply(stranger));
                HttpResponse r = h.call("POST", "/v1/commitments", "application/octet-stream", c.toBytes());
                assertThat(r.status()).as("%s from a stranger", c.kind()).isEqualTo(403);
                assertThat(json(r).path("field").asText()).isEqualTo("sender");
                assertThat(json(r).path("reason").asText()).contains(stranger.address().text());
                refused++;
            }
        }
        assertThat(refused).isEqualTo(140);
        assertThat(h.mempool.size()).as("nothing refused reached the pool").isZero();

        Commitment transfer = h.submit(h.investor, new Payloads.Transfer(h.trader.address(), TokenId.COIN, Amount.ONE));
        Block next = h.finalizeBlock();
        assertThat(next.header().kind()).isEqualTo(BlockKind.NORMAL);
        assertThat(next.commitments()).extracting(Commitment::id).containsExactly(transfer.id());
    }

    @Test
    void aSignersSpecialPayloadsNeverHoldATransferBackMoreThanOneBlock() {
        String params = h.chain.parameters().toJson();
        for (int i = 0; i < 3; i++) {
            h.submit(h.generator, new Payloads.NetworkParametersUpdate(params));
        }
        Commitment transfer = h.submit(h.investor, new Payloads.Transfer(h.trader.address(), TokenId.COIN, Amount.ONE));
        Block first = h.finalizeBlock();
        Block second = h.finalizeBlock();
        assertThat(List.of(first, second)).flatExtracting(Block::commitments).extracting(Commitment::id)
                .contains(transfer.id());
        assertThat(first.header().kind()).isEqualTo(BlockKind.SPECIAL);
        assertThat(second.header().kind()).as("a normal block follows a special one while transfers wait")
                .isEqualTo(BlockKind.NORMAL);
        Block third = h.finalizeBlock();
        assertThat(third.header().kind()).as("nothing normal waits: the next special payload goes").isEqualTo(BlockKind.SPECIAL);
        long generatorNonce = h.chain.readState(s -> LedgerState.nonce(s, h.generator.address()));
        assertThat(generatorNonce).as("two of the three parameter proposals applied").isEqualTo(2);
    }
}
