package io.bourse.vm.devkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bourse.core.types.Address;
import io.bourse.core.types.Hash;
import io.bourse.vm.CallResult;
import io.bourse.vm.ContractCall;
import io.bourse.vm.ContractSandbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * O7: a contract's tests, run in the execution servers' sandbox (same engine, budget and host
 * API). A test file is JSON (docs/contract-guide.md, "Tests"): each test is a sequence of blocks,
 * each block a ctx fixture (a file or inline) and what the call must do; the contract's storage
 * carries from one block to the next as on chain.
 *
 * <pre>
 * { "contract": "my-fund.js", "budget": 1000000,
 *   "tests": [ { "name": "buys when it holds nothing", "storage": {},
 *                "blocks": [ { "ctx": "fixtures/empty.json", "entry": "onCreate" },
 *                            { "ctx": "fixtures/empty.json",
 *                              "expect": { "outcome": "completed", "actions": [ { "type": "placeOrder",
 *                                          "args": { "side": "buy" } } ], "storage": { "k": "v" },
 *                                          "maxBudget": 50000 } } ] } ] }
 * </pre>
 *
 * A failure names the test, the block (ctx.block.height and its index) and, when the contract
 * threw, the line of its code (found by running the call again with the entry points wrapped:
 * that second run only reads the error's stack; the reported budget is the first run's).
 */
public final class ContractTests {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LINE = Pattern.compile("\\[line (\\d+)]");

    /** One test's verdict; {@code failures} is empty when it passed. */
    public record Outcome(String name, List<String> failures, long maxBudgetUsed) {
        public boolean passed() {
            return failures.isEmpty();
        }
    }

    private ContractTests() {
    }

    /** The contract file a test file names, resolved against the test file's folder. */
    public static Path contractOf(Path testFile) throws IOException {
        JsonNode root = read(testFile);
        JsonNode c = root.path("contract");
        if (!c.isTextual()) {
            throw new IllegalArgumentException(testFile + ": contract: expected the contract's file name");
        }
        return resolve(testFile, c.asText());
    }

    /** Runs every test of {@code testFile} against {@code code}. */
    public static List<Outcome> run(Path testFile, String code, ContractSandbox sandbox, long defaultBudget) throws IOException {
        JsonNode root = read(testFile);
        long budget = root.has("budget") ? positive(root.path("budget"), "budget") : defaultBudget;
        JsonNode tests = root.path("tests");
        if (!tests.isArray() || tests.isEmpty()) {
            throw new IllegalArgumentException(testFile + ": tests: expected a non-empty array");
        }
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < tests.size(); i++) {
            out.add(one(testFile, code, sandbox, budget, tests.get(i), "tests[" + i + "]"));
        }
        return out;
    }

    private static Outcome one(Path file, String code, ContractSandbox sandbox, long budget, JsonNode test, String at)
            throws IOException {
        String name = test.path("name").asText(at);
        TreeMap<String, String> storage = new TreeMap<>();
        test.path("storage").properties().forEach(e -> storage.put(e.getKey(), e.getValue().asText()));
        JsonNode blocks = test.path("blocks");
        if (!blocks.isArray() || blocks.isEmpty()) {
            throw new IllegalArgumentException(file + ": " + at + ".blocks: expected a non-empty array");
        }
        List<String> failures = new ArrayList<>();
        long maxUsed = 0;
        for (int b = 0; b < blocks.size() && failures.isEmpty(); b++) {
            JsonNode block = blocks.get(b);
            String where = at + ".blocks[" + b + "]";
            JsonNode ctx = ctx(file, block.path("ctx"), where + ".ctx");
            long height = ctx.path("block").path("height").asLong(b);
            String entry = block.path("entry").asText("onNewBlock");
            Address self = ctx.path("contract").has("address")
                    ? Address.parse(ctx.path("contract").path("address").asText())
                    : Address.derived("bourse/test", name.getBytes(StandardCharsets.UTF_8));
            Hash hash = ctx.path("block").has("hash") ? Hash.fromHex(ctx.path("block").path("hash").asText())
                    : Hash.of(("bourse/test/" + height).getBytes(StandardCharsets.UTF_8));
            long millis = ctx.path("block").path("timestamp").asLong(1_700_000_000_000L);
            ContractCall call;
            try {
                call = ContractCall.fromContext(code, self, entry, hash, millis, ctx.toString(), storage, budget);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + where + ": " + e.getMessage());
            }
            TreeMap<String, String> before = new TreeMap<>(storage);
            CallResult r = sandbox.call(call);
            maxUsed = Math.max(maxUsed, r.budgetUsed());
            if (r instanceof CallResult.Completed c) {
                c.storageWrites().forEach((k, v) -> {
                    if (v == null) {
                        storage.remove(k);
                    } else {
                        storage.put(k, v);
                    }
                });
            }
            String label = "block " + height + " (" + where + ", " + entry + ")";
            JsonNode expect = block.path("expect");
            boolean failureExpected = expect.has("errorContains")
                    || (expect.has("outcome") && !expect.path("outcome").asText().equals("completed"));
            if (r instanceof CallResult.Failed f && !failureExpected) {
                failures.add(label + ": the call failed: " + f.reason().code() + ": " + f.detail()
                        + lineOf(r, sandbox, code, self, entry, hash, millis, ctx, before, budget));
                continue;
            }
            for (String f : Expectations.check(expect, r, storage)) {
                failures.add(label + ": " + f);
            }
        }
        return new Outcome(name, failures, maxUsed);
    }

    /** " at line N of the contract" when the call threw an error with a stack, else "". */
    private static String lineOf(CallResult r, ContractSandbox sandbox, String code, Address self, String entry, Hash hash,
                                 long millis, JsonNode ctx, Map<String, String> storage, long budget) {
        int line = thrownLine(r, sandbox, ContractCall.fromContext(code, self, entry, hash, millis, ctx.toString(),
                storage, budget));
        return line > 0 ? " (at line " + line + " of the contract)" : "";
    }

    /**
     * The line of the contract at which {@code call}, which gave {@code r}, threw or failed to
     * parse; 0 when unknown (not a script error, or a thrown value without a stack). The call is
     * run again with {@link #LOCATE} appended, under twice its budget.
     */
    static int thrownLine(CallResult r, ContractSandbox sandbox, ContractCall call) {
        if (!(r instanceof CallResult.Failed f) || f.reason() != CallResult.Failure.SCRIPT_ERROR) {
            return 0;
        }
        if (f.detail().startsWith("the code does not parse")) {
            return ContractCheck.line(f.detail());
        }
        CallResult again = sandbox.call(ContractCall.fromContext(call.code() + LOCATE, call.contract(), call.entry(),
                call.blockHash(), call.blockMillis(), contextOf(call), call.storage(), call.statementBudget() * 2));
        if (again instanceof CallResult.Failed g) {
            Matcher m = LINE.matcher(g.detail());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return 0;
    }

    /** The whole ctx of a call again, its shared and own parts joined: what a test fixture holds. */
    static String contextOf(ContractCall call) {
        try {
            com.fasterxml.jackson.databind.node.ObjectNode all = (com.fasterxml.jackson.databind.node.ObjectNode)
                    JSON.readTree(call.block().json());
            all.set("contract", JSON.readTree(call.contractJson()));
            return all.toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Appended to the code for the second run: wraps the entry points to add the thrower's line to the error. */
    static final String LOCATE = """

            ;const __bourseWhere = (e) => {
              try {
                const m = /\\n\\s*at [^\\n]*?:(\\d+):\\d+/.exec(String(e && e.stack));
                return m ? ' [line ' + m[1] + ']' : '';
              } catch (ignored) { return ''; }
            };
            const __bourseWrap = (f) => typeof f !== 'function' ? f : function (ctx) {
              try { return f(ctx); } catch (e) { throw new Error(String(e) + __bourseWhere(e)); }
            };
            if (typeof onNewBlock === 'function') { onNewBlock = __bourseWrap(onNewBlock); }
            if (typeof onCreate === 'function') { onCreate = __bourseWrap(onCreate); }
            if (typeof onClosing === 'function') { onClosing = __bourseWrap(onClosing); }
            """;

    private static JsonNode ctx(Path file, JsonNode ctx, String at) throws IOException {
        if (ctx.isObject()) {
            return ctx;
        }
        if (ctx.isTextual()) {
            Path p = resolve(file, ctx.asText());
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException(file + ": " + at + ": no such fixture " + p);
            }
            JsonNode n = read(p);
            if (!n.isObject()) {
                throw new IllegalArgumentException(p + ": a ctx fixture is a JSON object");
            }
            return n;
        }
        throw new IllegalArgumentException(file + ": " + at + ": expected a fixture file name or a ctx object");
    }

    private static Path resolve(Path file, String name) {
        Path dir = file.toAbsolutePath().getParent();
        return dir.resolve(name).normalize();
    }

    private static JsonNode read(Path p) throws IOException {
        try {
            return JSON.readTree(Files.readString(p));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(p + " is not JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ")");
        }
    }

    private static long positive(JsonNode n, String field) {
        if (!n.canConvertToLong() || n.asLong() <= 0) {
            throw new IllegalArgumentException(field + ": expected a positive number of statements");
        }
        return n.asLong();
    }
}
