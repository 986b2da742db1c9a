package io.bourse.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.bourse.core.block.Block;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payload;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.genesis.DefaultParameters;
import io.bourse.core.genesis.Genesis;
import io.bourse.core.ledger.LedgerState;
import io.bourse.core.testing.TestBlocks;
import io.bourse.core.types.Amount;
import io.bourse.core.types.BlockHeight;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Timestamp;
import io.bourse.node.chain.Chain;
import io.bourse.node.chain.Mempool;
import io.bourse.node.metrics.NodeMetrics;
import io.bourse.p2p.http.HttpRequest;
import io.bourse.p2p.http.HttpResponse;
import io.bourse.storage.ChainStore;
import io.bourse.storage.MemoryKeyValueStore;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A chain of two signers in memory with its API, and no network: blocks are built by the chain
 * itself and certified by both keys, so a test decides exactly when a block becomes final.
 */
final class ApiHarness {
    static final ChainId CHAIN = ChainId.of("api-test");
    final KeyPair generator = KeyPair.generate();
    final KeyPair signer = KeyPair.generate();
    final KeyPair coinOperator = KeyPair.generate();
    final KeyPair investor = KeyPair.generate();
    final KeyPair trader = KeyPair.generate();
    final Mempool mempool = new Mempool(CHAIN, 1_000, 64);
    final Chain chain;
    final Api api;
    final List<Commitment> gossiped = new ArrayList<>();
    final Genesis genesis;
    /** Every request this harness answered, in order, so a test can check each answer against docs/api.yaml. */
    final List<Exchange> seen = new ArrayList<>();

    record Exchange(String method, String path, HttpResponse response) {
    }
    private Optional<QuorumCertificate> lastQc = Optional.empty();
    private long time;

    ApiHarness(boolean cors) {
        this(cors, List.of(), false);
    }

    ApiHarness(boolean cors, boolean explorer) {
        this(cors, List.of(), explorer);
    }

    /** With these execution servers in the parameters. */
    ApiHarness(boolean cors, List<io.bourse.core.types.PublicKey> executionServers) {
        this(cors, executionServers, false);
    }

    ApiHarness(boolean cors, List<io.bourse.core.types.PublicKey> executionServers, boolean explorer) {
        var params = DefaultParameters.of(CHAIN, 1_000, List.of(generator.publicKey(), signer.publicKey()),
                executionServers, coinOperator.publicKey());
        time = System.currentTimeMillis() - 3_600_000;
        Genesis g = genesis = new Genesis(CHAIN, Timestamp.ofMillis(time), params,
                List.of(new Genesis.Allocation(investor.address(), Amount.ofWhole(1_000)),
                        new Genesis.Allocation(trader.address(), Amount.ofWhole(1_000))));
        chain = new Chain(new ChainStore(new MemoryKeyValueStore()), g, generator, mempool);
        api = new Api(chain, mempool, new NodeMetrics(), () -> null, () -> 0, gossiped::add, generator.publicKey(), cors,
                Optional.of(g), explorer);
    }

    /** The next block from the mempool, certified by both signers and committed. */
    Block finalizeBlock() {
        time += 1_000;
        Block b = chain.proposeBlock(time, lastQc);
        QuorumCertificate qc = TestBlocks.certify(CHAIN, List.of(generator, signer), BlockHeight.of(b.height()), 0, b.hash());
        chain.commit(b, qc);
        lastQc = Optional.of(qc);
        return b;
    }

    /** Signs with the sender's next nonce after what it has pending. */
    Commitment sign(KeyPair sender, Payload p) {
        long pending = chain.readState(s -> mempool.select(1_000, s)).stream()
                .filter(c -> c.senderAddress().equals(sender.address())).count();
        long nonce = chain.readState(s -> LedgerState.nonce(s, sender.address())) + pending;
        return Commitment.sign(sender, CHAIN, nonce, p);
    }

    /** Submits through the API and checks it was admitted. */
    Commitment submit(KeyPair sender, Payload p) {
        Commitment c = sign(sender, p);
        HttpResponse r = call("POST", "/v1/commitments", "application/octet-stream", c.toBytes());
        if (r.status() != 202) {
            throw new AssertionError("not admitted: " + r.status() + " " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return c;
    }

    HttpResponse get(String pathAndQuery) {
        return call("GET", pathAndQuery, Map.of(), new byte[0]);
    }

    HttpResponse call(String method, String pathAndQuery, String contentType, byte[] body) {
        return call(method, pathAndQuery, contentType == null ? Map.of() : Map.of("content-type", contentType), body);
    }

    HttpResponse call(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (q >= 0) {
            for (String kv : pathAndQuery.substring(q + 1).split("&")) {
                int eq = kv.indexOf('=');
                String k = eq < 0 ? kv : kv.substring(0, eq);
                String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
                query.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            }
        }
        HttpResponse r = api.handle(new HttpRequest(method, path, query, headers, body));
        seen.add(new Exchange(method, path, r));
        return r;
    }

    static JsonNode json(HttpResponse r) {
        try {
            return JsonViews.MAPPER.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + new String(r.body(), StandardCharsets.UTF_8), e);
        }
    }
}
