package io.bourse.node.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.consensus.ConsensusStatus;
import io.bourse.core.block.Block;
import io.bourse.core.commitment.Commitment;
import io.bourse.core.genesis.Genesis;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.types.PublicKey;
import io.bourse.node.chain.Chain;
import io.bourse.node.chain.Mempool;
import io.bourse.node.chain.Role;
import io.bourse.node.metrics.NodeMetrics;
import io.bourse.p2p.http.HttpRequest;
import io.bourse.p2p.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The HTTP/JSON API; docs/api.yaml documents every route in {@link #ROUTES}. Every error the API
 * answers is {@code {"error": ..., "field": ..., "reason": ...}} with a 4xx/5xx status, and changes
 * nothing. An unknown path is a 404, a known path with another method a 405 (with {@code Allow}).
 * CORS is off unless the node's configuration turns it on ({@code api.cors}): then every answer
 * carries {@code Access-Control-Allow-Origin: *} and {@code OPTIONS} preflights get a 204.
 */
public final class Api {
    /** One route: a method and a path pattern whose {@code {name}} segments match any one segment. */
    record Route(String method, String pattern, BiFunction<HttpRequest, List<String>, HttpResponse> handler) {
        /** The values of the pattern's {@code {name}} segments, or null when the path does not match. */
        List<String> match(String[] segments) {
            String[] p = pattern.substring(1).split("/");
            if (p.length != segments.length) {
                return null;
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < p.length; i++) {
                if (p[i].startsWith("{")) {
                    values.add(segments[i]);
                } else if (!p[i].equals(segments[i])) {
                    return null;
                }
            }
            return values;
        }

        String text() {
            return method + " " + pattern;
        }
    }

    private final Chain chain;
    private final NodeMetrics metrics;
    private final Supplier<ConsensusStatus> consensus;
    private final Supplier<Integer> peerCount;
    private final PublicKey self;
    private final boolean cors;
    private final Submissions submissions;
    private final LedgerViews ledger;
    private final MarketViews markets;
    private final OptionViews options;
    private final ContractViews contracts;
    private final CreationViews creations;
    private final BlockStream stream;
    private final ValueViews values;
    private final Explorer explorer;
    private final List<Route> routes;

    public Api(Chain chain, Mempool mempool, NodeMetrics metrics, Supplier<ConsensusStatus> consensus,
        Supplier<Integer> peerCount, Consumer<Commitment> gossip, PublicKey self) {
        this(chain, mempool, metrics, consensus, peerCount, gossip, self, false);
    }

    public Api(Chain chain, Mempool mempool, NodeMetrics metrics, Supplier<ConsensusStatus> consensus,
        Supplier<Integer> peerCount, Consumer<Commitment> gossip, PublicKey self, boolean cors) {
        this(chain, mempool, metrics, consensus, peerCount, gossip, self, cors, Optional.empty(), false);
    }

    /**
     * @param genesis  for the value index to replay the chain this node already has (absent: the
     *                 index starts at the head)
     * @param explorer whether to serve the explorer at {@code /} and Swagger UI at {@code /api-docs}
     */
    public Api(Chain chain, Mempool mempool, NodeMetrics metrics, Supplier<ConsensusStatus> consensus,
        Supplier<Integer> peerCount, Consumer<Commitment> gossip, PublicKey self, boolean cors,
        Optional<Genesis> genesis, boolean explorer) {
        this.chain = chain;
        this.metrics = metrics;
        this.consensus = consensus;
        this.peerCount = peerCount;
        this.self = self;
        this.cors = cors;
        this.submissions = new Submissions(chain, mempool, metrics, gossip);
        this.ledger = new LedgerViews(chain, mempool);
        this.markets = new MarketViews(chain);
        this.options = new OptionViews(chain);
        this.contracts = new ContractViews(chain);
        this.creations = new CreationViews(chain);
        this.stream = new BlockStream(chain);
        chain.onCommit(stream::publish);
        this.values = new ValueViews(chain, new ValueIndex(chain, genesis));
        this.explorer = explorer ? new Explorer() : null;
        this.routes = List.of(
                get("/health", (r, p) -> HttpResponse.json(200, "{\"status\":\"alive\"}")),
                get("/ready", (r, p) -> ready(r)),
                get("/metrics", (r, p) -> new HttpResponse(200, "text/plain; version=0.0.4; charset=utf-8",
                        metrics.scrape().getBytes(StandardCharsets.UTF_8))),
                get("/v1/status", (r, p) -> ok(status(mempool))),
                get("/v1/blocks/{height}", (r, p) -> ok(block(p.get(0)))),
                get("/v1/stream/blocks", (r, p) -> stream.open(r)),
                new Route("POST", "/v1/commitments", (r, p) -> submissions.submit(r)),
                get("/v1/commitments/{id}", (r, p) -> submissions.status(p.get(0))),
                get("/v1/accounts/{address}", (r, p) -> ok(ledger.account(p.get(0)))),
                get("/v1/contracts", (r, p) -> ok(ledger.contracts(r))),
                get("/v1/contracts/{address}", (r, p) -> ok(ledger.contract(p.get(0)))),
                get("/v1/contracts/{address}/code", (r, p) -> ledger.code(p.get(0))),
                get("/v1/contracts/{address}/storage", (r, p) -> ok(contracts.storage(p.get(0), r))),
                get("/v1/contracts/{address}/storage/{key}", (r, p) -> ok(contracts.storageValue(p.get(0), p.get(1)))),
                get("/v1/contracts/{address}/executions", (r, p) -> ok(contracts.executions(p.get(0), r))),
                get("/v1/contracts/{address}/ledger-actions", (r, p) -> ok(contracts.ledgerActions(p.get(0), r))),
                get("/v1/creations", (r, p) -> ok(creations.list())),
                get("/v1/creations/{id}", (r, p) -> ok(creations.one(p.get(0)))),
                get("/v1/contracts/{address}/value-history", (r, p) -> ok(values.history(p.get(0), r))),
                get("/v1/contracts/{address}/performance", (r, p) -> ok(values.performance(p.get(0)))),
                get("/v1/parameters", (r, p) -> HttpResponse.json(200, chain.parameters().toJson())),
                get("/v1/supply", (r, p) -> ok(ledger.supply())),
                get("/v1/coin/redemptions/{id}", (r, p) -> ok(ledger.redemption(p.get(0)))),
                get("/v1/markets/{market}", (r, p) -> ok(markets.market(p.get(0)))),
                get("/v1/markets/{market}/book", (r, p) -> ok(markets.book(p.get(0), r))),
                get("/v1/markets/{market}/trades", (r, p) -> ok(markets.trades(p.get(0), r))),
                get("/v1/markets/{market}/candles", (r, p) -> ok(markets.candles(p.get(0), r))),
                get("/v1/accounts/{address}/orders", (r, p) -> ok(markets.openOrders(p.get(0)))),
                get("/v1/orders/{id}", (r, p) -> ok(markets.order(p.get(0)))),
                get("/v1/options", (r, p) -> ok(options.list(r))),
                get("/v1/options/{series}", (r, p) -> ok(options.series(p.get(0)))));
    }

    private static Route get(String pattern, BiFunction<HttpRequest, List<String>, HttpResponse> h) {
        return new Route("GET", pattern, h);
    }

    /** "METHOD /pattern" of every route, in the router's order (the api.yaml test compares them). */
    public List<String> routeTexts() {
        return routes.stream().map(Route::text).toList();
    }

    public HttpResponse handle(HttpRequest req) {
        HttpResponse r;
        try {
            Optional<HttpResponse> file = explorer == null ? Optional.empty() : explorer.serve(req);
            r = file.isPresent() ? file.get() : route(req);
        } catch (ApiError e) {
            r = error(e.status, e.getMessage(), e.field, e.reason);
        }
        return cors ? r.withHeader("access-control-allow-origin", "*") : r;
    }

    private HttpResponse route(HttpRequest req) {
        String path = req.path().length() > 1 ? req.path().replaceAll("/+$", "") : req.path();
        String[] segments = path.startsWith("/") ? path.substring(1).split("/", -1) : new String[] {""};
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            List<String> values = route.match(segments);
            if (values == null) {
                continue;
            }
            if (route.method().equals(req.method())) {
                return route.handler().apply(req, values);
            }
            allowed.add(route.method());
        }
        if (allowed.isEmpty()) {
            throw new ApiError(404, "no such route: " + req.method() + " " + req.path(), "path",
                    "see docs/api.yaml for the routes this node serves");
        }
        if (cors && req.method().equals("OPTIONS")) {
            return new HttpResponse(204, HttpResponse.TEXT, new byte[0]).withHeader("allow", String.join(", ", allowed))
                    .withHeader("access-control-allow-methods", String.join(", ", allowed))
                    .withHeader("access-control-allow-headers", "content-type, last-event-id")
                    .withHeader("access-control-max-age", "600");
        }
        return error(405, "method " + req.method() + " is not allowed on " + req.path(), "method",
                String.join(" or ", allowed) + " expected").withHeader("allow", String.join(", ", allowed));
    }

    ObjectNode status(Mempool mempool) {
        Block head = chain.head(); // first: the chain publishes parameters before the head they follow
        NetworkParameters p = chain.parameters();
        ObjectNode o = JsonViews.MAPPER.createObjectNode();
        o.put("height", head.height());
        o.put("role", Role.of(self, p).label());
        o.put("generator", p.blockGenerator().address().text());
        o.put("chainId", p.chainId().value());
        o.put("headHash", head.hash().hex());
        o.put("headTime", head.header().timestamp().toString());
        o.put("address", self.address().text());
        o.put("peers", peerCount.get());
        o.put("mempool", mempool.size());
        ConsensusStatus cs = consensus.get();
        if (cs != null) {
            ObjectNode c = o.putObject("consensus");
            c.put("height", cs.height());
            c.put("round", cs.round());
            c.put("proposer", cs.proposer() == null ? null : cs.proposer().address().text());
            c.put("quorum", cs.quorum());
            c.put("faultTolerance", cs.faultTolerance());
            c.put("viewChanges", cs.viewChanges());
            c.put("evidence", cs.evidenceCount());
            if (cs.roundDeadlineMillis() > 0) {
                c.put("roundTimeout", java.time.Instant.ofEpochMilli(cs.roundDeadlineMillis()).toString());
            }
            cs.lockedRound().ifPresent(r -> c.put("lockedRound", r));
            ArrayNode prepared = c.putArray("prepared");
            cs.prepared().forEach(k -> prepared.add(k.address().text()));
            ArrayNode committed = c.putArray("committed");
            cs.committed().forEach(k -> committed.add(k.address().text()));
            ArrayNode missing = c.putArray("missing");
            cs.missing().forEach(k -> missing.add(k.address().text()));
        }
        return o;
    }

    private HttpResponse ready(HttpRequest req) {
        int maxBehind = Params.nonNegativeInt(req, "maxBlocksBehind", 2);
        int minPeers = Params.nonNegativeInt(req, "minPeers", 1);
        ConsensusStatus cs = consensus.get();
        long behind = cs == null ? 0 : Math.max(0, cs.height() - 1 - chain.height());
        int peers = peerCount.get();
        ObjectNode o = JsonViews.MAPPER.createObjectNode();
        o.put("ready", behind <= maxBehind && peers >= minPeers);
        o.put("blocksBehind", behind);
        o.put("peers", peers);
        return HttpResponse.json(o.get("ready").asBoolean() ? 200 : 503, JsonViews.write(o));
    }

    private ObjectNode block(String which) {
        long h = which.equals("latest") ? chain.height()
                : Params.whole(which, Long.MAX_VALUE, "bad block height", "height", "a block height or 'latest'");
        Block b = chain.store().block(h).orElseThrow(() -> new ApiError(404, "no final block at height " + which,
                "height", "this node's final blocks run to height " + chain.height()));
        ObjectNode o = JsonViews.block(b);
        chain.store().certificate(h).ifPresent(qc -> o.set("certificate", JsonViews.certificate(qc)));
        return o;
    }

    static HttpResponse ok(ObjectNode o) {
        return HttpResponse.json(200, JsonViews.write(o));
    }

    /** The one error shape: all three fields are always present ({@code field} and {@code reason} may be null). */
    static HttpResponse error(int status, String error, String field, String reason) {
        ObjectNode o = JsonViews.MAPPER.createObjectNode();
        o.put("error", error);
        o.put("field", field);
        o.put("reason", reason == null || reason.length() <= 300 ? reason : reason.substring(0, 300) + "…");
        return HttpResponse.json(status, JsonViews.write(o));
    }
}
