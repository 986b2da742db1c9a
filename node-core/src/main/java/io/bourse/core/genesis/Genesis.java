package io.bourse.core.genesis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.core.block.Block;
import io.bourse.core.block.BlockHeader;
import io.bourse.core.block.BlockKind;
import io.bourse.core.ledger.CoinConfig;
import io.bourse.core.ledger.LedgerAccess;
import io.bourse.core.params.InvalidInputException;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.params.ParametersJson;
import io.bourse.core.state.MerkleState;
import io.bourse.core.state.WriteSet;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.BlockHeight;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Hash;
import io.bourse.core.types.Signature;
import io.bourse.core.types.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The chain's starting point: its id, the first Network Parameters, the initial Coin balances
 * (counted as minted) and the Coin Contract's first configuration (N2: its operator changes it
 * later; absent, {@link CoinConfig#DEFAULT}). Every node derives the same genesis block (height 0,
 * no signatures) and state from the same file.
 *
 * <pre>
 * {"chainId": "bourse-devnet", "genesisTime": 1764000000000,
 *  "parameters": { ...Network Parameters... },
 *  "coinContract": {"acceptedCurrencies": ["BTC", "ETH", "USD"]},
 *  "balances": [{"address": "bx…", "amount": "1000"}]}
 * </pre>
 */
public record Genesis(ChainId chainId, Timestamp genesisTime, NetworkParameters parameters, List<Allocation> balances,
                      CoinConfig coinContract) {

    /** An initial Coin balance. */
    public record Allocation(Address holder, Amount amount) {
        public Allocation {
            Objects.requireNonNull(holder, "holder");
            Objects.requireNonNull(amount, "amount");
        }
    }

    /** A genesis whose Coin Contract starts with {@link CoinConfig#DEFAULT}. */
    public Genesis(ChainId chainId, Timestamp genesisTime, NetworkParameters parameters, List<Allocation> balances) {
        this(chainId, genesisTime, parameters, balances, CoinConfig.DEFAULT);
    }

    public Genesis {
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(coinContract, "coinContract");
        Objects.requireNonNull(genesisTime, "genesisTime");
        Objects.requireNonNull(parameters, "parameters");
        balances = List.copyOf(balances);
        if (!parameters.chainId().equals(chainId)) {
            throw new InvalidInputException("parameters.chainId", "must equal the genesis chainId " + chainId);
        }
        Set<Address> seen = new HashSet<>();
        for (Allocation a : balances) {
            if (!seen.add(a.holder())) {
                throw new InvalidInputException("balances", a.holder() + " is listed twice");
            }
        }
    }

    public static Genesis parse(String json) {
        JsonNode root;
        try {
            root = ParametersJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("genesis", "not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("genesis", "must be a JSON object");
        }
        Set<String> known = Set.of("chainId", "genesisTime", "parameters", "coinContract", "balances");
        root.fieldNames().forEachRemaining(n -> {
            if (!known.contains(n)) {
                throw new InvalidInputException(n, "is not a known genesis field");
            }
        });
        ChainId chainId;
        try {
            chainId = new ChainId(root.path("chainId").asText(""));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("chainId", e.getMessage());
        }
        JsonNode t = root.get("genesisTime");
        if (t == null || !t.isIntegralNumber() || !t.canConvertToLong() || t.longValue() < 0) {
            throw new InvalidInputException("genesisTime", "must be milliseconds since the epoch, a whole number");
        }
        NetworkParameters params;
        try {
            params = ParametersJson.fromTree(root.get("parameters"));
        } catch (InvalidInputException e) {
            throw new InvalidInputException("parameters." + e.field(), e.reason());
        }
        List<Allocation> allocations = new ArrayList<>();
        JsonNode b = root.get("balances");
        if (b != null) {
            if (!b.isArray()) {
                throw new InvalidInputException("balances", "must be a list");
            }
            for (int i = 0; i < b.size(); i++) {
                JsonNode e = b.get(i);
                try {
                    allocations.add(new Allocation(Address.parse(e.path("address").asText("")),
                            Amount.parse(e.path("amount").asText(""))));
                } catch (IllegalArgumentException ex) {
                    throw new InvalidInputException("balances[" + i + "]", ex.getMessage());
                }
            }
        }
        CoinConfig coin = root.has("coinContract") ? CoinConfig.fromJson(root.get("coinContract")) : CoinConfig.DEFAULT;
        return new Genesis(chainId, Timestamp.ofMillis(t.longValue()), params, allocations, coin);
    }

    public String toJson() {
        ObjectNode o = ParametersJson.MAPPER.createObjectNode();
        o.put("chainId", chainId.value());
        o.put("genesisTime", genesisTime.millis());
        try {
            o.set("parameters", ParametersJson.MAPPER.readTree(parameters.toJson()));
            o.set("coinContract", coinContract.toJson());
            ArrayNode arr = o.putArray("balances");
            for (Allocation a : balances) {
                arr.addObject().put("address", a.holder().text()).put("amount", a.amount().toPlainString());
            }
            return ParametersJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render genesis", e);
        }
    }

    /** The state at height 0. */
    public WriteSet stateChanges() {
        return LedgerAccess.genesisState(this);
    }

    public MerkleState state() {
        MerkleState s = new MerkleState();
        s.apply(stateChanges());
        return s;
    }

    /** The genesis block: height 0, nobody's signature, the state root of {@link #state()}. */
    public Block block() {
        BlockHeader h = new BlockHeader(chainId, BlockHeight.GENESIS, Hash.ZERO, genesisTime,
                parameters.blockGenerator(), parameters.hash(), Hash.ZERO, Hash.ZERO, state().root(), BlockKind.GENESIS);
        return new Block(h, new Signature(new byte[Signature.LENGTH]), Optional.empty(), List.of());
    }
}
