package io.bourse.node.api;

import static io.bourse.node.api.ApiHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bourse.core.codec.Hex;
import io.bourse.core.codec.Writer;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.types.Amount;
import io.bourse.core.types.TokenId;
import io.bourse.p2p.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** POST /v1/commitments with many commitments: the binary framing and the JSON array, one result per item. */
class BatchSubmissionTest {
    final ApiHarness h = new ApiHarness(false);

    Commitment transfer(long nonce, String amount) {
        return Commitment.sign(h.investor, ApiHarness.CHAIN, nonce,
                new Payloads.Transfer(h.trader.address(), TokenId.COIN, Amount.parse(amount)));
    }

    static byte[] framed(List<byte[]> items) {
        Writer w = new Writer().u32(items.size());
        items.forEach(w::bytes);
        return w.toByteArray();
    }

    HttpResponse post(String type, byte[] body) {
        return h.call("POST", "/v1/commitments", type, body);
    }

    @Test
    void aBinaryBatchIsAdmittedItemByItemWithOneResultEach() {
        Commitment a = transfer(0, "1");
        Commitment b = transfer(1, "2");
        byte[] forged = transfer(2, "3").toBytes();
        forged[forged.length - 1] ^= 1; // the signature's last byte
        HttpResponse r = post(Submissions.BATCH_TYPE, framed(List.of(a.toBytes(), b.toBytes(), forged, a.toBytes(),
                new byte[] {1, 2, 3})));
        assertThat(r.status()).isEqualTo(200);
        JsonNode o = json(r);
        assertThat(o.get("accepted").asInt()).isEqualTo(2);
        assertThat(o.get("duplicates").asInt()).isEqualTo(1);
        assertThat(o.get("refused").asInt()).isEqualTo(2);
        JsonNode rs = o.get("results");
        assertThat(rs).extracting(x -> x.get("status").asText())
                .containsExactly("pending", "pending", "refused", "duplicate", "refused");
        assertThat(rs.get(0).get("id").asText()).isEqualTo(a.id().hex());
        assertThat(rs.get(2).get("field").asText()).isEqualTo("signature");
        assertThat(rs.get(2).get("code").asInt()).as("what a single submission would answer").isEqualTo(400);
        assertThat(rs.get(4).get("error").asText()).isEqualTo("malformed commitment");
        assertThat(rs.get(4).get("field").asText()).isEqualTo("[4]");
        assertThat(h.gossiped).extracting(Commitment::id).containsExactly(a.id(), b.id());
        h.finalizeBlock();
        assertThat(json(h.get("/v1/commitments/" + b.id().hex())).get("status").asText()).isEqualTo("final");
    }

    @Test
    void aJsonArrayIsABatchToo() {
        Commitment a = transfer(0, "1");
        String body = "[{\"encoded\":\"" + Hex.encode(a.toBytes()) + "\"}, {\"encoded\": 7}, {\"other\": \"x\"}]";
        JsonNode o = json(post("application/json", body.getBytes(StandardCharsets.UTF_8)));
        assertThat(o.get("accepted").asInt()).isEqualTo(1);
        assertThat(o.get("results")).extracting(x -> x.get("status").asText()).containsExactly("pending", "refused", "refused");
        assertThat(o.get("results").get(1).get("field").asText()).isEqualTo("[1].encoded");
        assertThat(o.get("results").get(2).get("field").asText()).isEqualTo("[2].other");
    }

    @Test
    void aMalformedFramingRefusesTheWholeBatchAndAdmitsNothing() {
        Commitment a = transfer(0, "1");
        List<byte[]> none = new ArrayList<>();
        HttpResponse empty = post(Submissions.BATCH_TYPE, framed(none));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(json(empty).get("field").asText()).isEqualTo("count");
        byte[] good = framed(List.of(a.toBytes()));
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
        HttpResponse t = post(Submissions.BATCH_TYPE, trailing);
        assertThat(t.status()).isEqualTo(400);
        assertThat(json(t).get("field").asText()).isEqualTo("body");
        HttpResponse cut = post(Submissions.BATCH_TYPE, java.util.Arrays.copyOf(good, good.length - 5));
        assertThat(cut.status()).isEqualTo(400);
        assertThat(json(post("application/json", "[]".getBytes(StandardCharsets.UTF_8))).get("field").asText())
                .isEqualTo("body");
        assertThat(h.gossiped).isEmpty();
        assertThat(h.mempool.size()).isZero();
    }
}
