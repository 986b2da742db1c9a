package io.bourse.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.core.params.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads and writes node configuration files (JSON). Unknown or duplicated fields and bad values
 * are refused with the field's name; defaults are documented in docs/operations.md.
 *
 * <pre>
 * {"name": "signer-1", "dataDir": "data", "keyFile": "node.key", "genesisFile": "../genesis.json",
 *  "p2p": {"listen": "127.0.0.1:7001", "peers": ["127.0.0.1:7002"], "maxObservers": 32},
 *  "api": {"listen": "127.0.0.1:8001", "maxBodyBytes": 1048576, "cors": false, "explorer": true},
 *  "mempool": {"maxCommitments": 20000, "maxPerSender": 256},
 *  "storage": {"blockCacheMb": 64},
 *  "contracts": {"workers": 0, "workerHeapMb": 512, "callTimeoutMillis": 2000, "optimize": true, "cachedContracts": 1024}}
 * </pre>
 *
 * Every block is written with a synced write; that is not a setting (O3).
 */
public final class NodeConfigs {
    /** Read-only peers (keys not named in the parameters) a node keeps connected, by default. */
    public static final int DEFAULT_MAX_OBSERVERS = 32;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private NodeConfigs() {
    }

    public static NodeConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidInputException("config", "cannot read " + file + ": " + e.getMessage());
        }
        return parse(text, file.toAbsolutePath().getParent());
    }

    public static NodeConfig parse(String json, Path baseDir) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("config", "not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("config", "must be a JSON object");
        }
        known(root, "", Set.of("name", "dataDir", "keyFile", "genesisFile", "p2p", "api", "mempool", "storage", "contracts"));
        JsonNode p2p = section(root, "p2p", Set.of("listen", "peers", "maxObservers"));
        JsonNode api = section(root, "api", Set.of("listen", "maxBodyBytes", "cors", "explorer"));
        JsonNode mempool = section(root, "mempool", Set.of("maxCommitments", "maxPerSender"));
        JsonNode storage = section(root, "storage", Set.of("blockCacheMb"));
        JsonNode contracts = section(root, "contracts", Set.of("workers", "workerHeapMb", "callTimeoutMillis",
                "optimize", "cachedContracts"));
        List<HostPort> peers = new ArrayList<>();
        JsonNode ps = p2p.path("peers");
        if (!ps.isMissingNode()) {
            if (!ps.isArray()) {
                throw new InvalidInputException("p2p.peers", "must be a list of host:port");
            }
            for (int i = 0; i < ps.size(); i++) {
                peers.add(HostPort.parse("p2p.peers[" + i + "]", ps.get(i).asText()));
            }
        }
        return new NodeConfig(
                text(root, "name", "node"),
                path(baseDir, text(root, "dataDir", "data")),
                path(baseDir, text(root, "keyFile", "node.key")),
                path(baseDir, required(root, "genesisFile")),
                HostPort.parse("p2p.listen", text(p2p, "listen", "127.0.0.1:0")),
                peers,
                (int) number(p2p, "p2p.maxObservers", "maxObservers", DEFAULT_MAX_OBSERVERS, 0, 10_000),
                HostPort.parse("api.listen", text(api, "listen", "127.0.0.1:0")),
                (int) number(api, "api.maxBodyBytes", "maxBodyBytes", 1 << 20, 1024, 64 << 20),
                bool(api, "api.cors", "cors", false),
                (int) number(mempool, "mempool.maxCommitments", "maxCommitments", 20_000, 1, 10_000_000),
                (int) number(mempool, "mempool.maxPerSender", "maxPerSender", 256, 1, 1_000_000),
                number(storage, "storage.blockCacheMb", "blockCacheMb", 64, 1, 1 << 16) << 20,
                new ContractsConfig(
                        (int) number(contracts, "contracts.workers", "workers", ContractsConfig.DEFAULTS.workers(), 0, 256),
                        (int) number(contracts, "contracts.workerHeapMb", "workerHeapMb",
                                ContractsConfig.DEFAULTS.workerHeapMb(), 64, 65_536),
                        number(contracts, "contracts.callTimeoutMillis", "callTimeoutMillis",
                                ContractsConfig.DEFAULTS.callTimeoutMillis(), 100, 600_000),
                        bool(contracts, "contracts.optimize", "optimize", ContractsConfig.DEFAULTS.optimize()),
                        (int) number(contracts, "contracts.cachedContracts", "cachedContracts",
                                ContractsConfig.DEFAULTS.cachedContracts(), 0, 1_000_000)),
                bool(api, "api.explorer", "explorer", true));
    }

    /** Writes a config file that {@link #load} reads back to the same record (paths relative to the file). */
    public static String render(NodeConfig c, Path baseDir) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("name", c.name());
        o.put("dataDir", rel(baseDir, c.dataDir()));
        o.put("keyFile", rel(baseDir, c.keyFile()));
        o.put("genesisFile", rel(baseDir, c.genesisFile()));
        ObjectNode p2p = o.putObject("p2p");
        p2p.put("listen", c.p2pListen().toString());
        c.peers().forEach(p -> p2p.withArray("peers").add(p.toString()));
        if (c.peers().isEmpty()) {
            p2p.putArray("peers");
        }
        p2p.put("maxObservers", c.p2pMaxObservers());
        ObjectNode api = o.putObject("api");
        api.put("listen", c.apiListen().toString());
        api.put("maxBodyBytes", c.apiMaxBodyBytes());
        api.put("cors", c.apiCors());
        api.put("explorer", c.apiExplorer());
        ObjectNode mempool = o.putObject("mempool");
        mempool.put("maxCommitments", c.mempoolMaxCommitments());
        mempool.put("maxPerSender", c.mempoolMaxPerSender());
        ObjectNode storage = o.putObject("storage");
        storage.put("blockCacheMb", c.storageBlockCacheBytes() >> 20);
        ObjectNode contracts = o.putObject("contracts");
        contracts.put("workers", c.contracts().workers());
        contracts.put("workerHeapMb", c.contracts().workerHeapMb());
        contracts.put("callTimeoutMillis", c.contracts().callTimeoutMillis());
        contracts.put("optimize", c.contracts().optimize());
        contracts.put("cachedContracts", c.contracts().cachedContracts());
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rel(Path base, Path p) {
        return base == null ? p.toString() : base.toAbsolutePath().relativize(p.toAbsolutePath()).toString();
    }

    private static void known(JsonNode n, String prefix, Set<String> names) {
        n.fieldNames().forEachRemaining(f -> {
            if (!names.contains(f)) {
                throw new InvalidInputException(prefix + f, "is not a known setting (known: " + String.join(", ",
                        new java.util.TreeSet<>(names)) + ")");
            }
        });
    }

    private static JsonNode section(JsonNode root, String name, Set<String> names) {
        JsonNode n = root.path(name);
        if (n.isMissingNode()) {
            return MAPPER.createObjectNode();
        }
        if (!n.isObject()) {
            throw new InvalidInputException(name, "must be an object");
        }
        known(n, name + ".", names);
        return n;
    }

    private static String required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new InvalidInputException(field, "is required (a non-empty string)");
        }
        return v.asText();
    }

    private static String text(JsonNode n, String field, String dflt) {
        JsonNode v = n.get(field);
        if (v == null) {
            return dflt;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new InvalidInputException(field, "must be a non-empty string");
        }
        return v.asText();
    }

    private static long number(JsonNode n, String name, String field, long dflt, long min, long max) {
        JsonNode v = n.get(field);
        if (v == null) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw new InvalidInputException(name, "must be a whole number from " + min + " to " + max);
        }
        return v.longValue();
    }

    private static boolean bool(JsonNode n, String name, String field, boolean dflt) {
        JsonNode v = n.get(field);
        if (v == null) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw new InvalidInputException(name, "must be true or false");
        }
        return v.booleanValue();
    }

    private static Path path(Path base, String p) {
        Path path = Path.of(p);
        return (path.isAbsolute() || base == null ? path : base.resolve(path)).normalize();
    }
}
