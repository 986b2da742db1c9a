package io.bourse.vm.devkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.genesis.DefaultParameters;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.vm.CallResult;
import io.bourse.vm.ContractCall;
import io.bourse.vm.ContractSandbox;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * O7: what a contract's author should know before deploying code that can never change — its
 * size against the creation's limit, the globals the sandbox removes, whether it parses and has
 * an {@code onNewBlock}, and the statements its calls take on a worst-case block (a full market,
 * full holdings, the most open orders), each under the network's budget, in the execution servers'
 * {@link ContractSandbox}. Findings are errors (deployment would fail or every call would) or
 * warnings, each with a line where one applies.
 */
public final class ContractCheck {
    /** Globals the sandbox removes (docs/contracts.md, "The sandbox's rules"). */
    static final Set<String> FORBIDDEN = Set.of("Java", "Packages", "Polyglot", "Graal", "load", "loadWithNewGlobal",
            "print", "console", "eval", "Intl", "SharedArrayBuffer", "Atomics", "WeakRef", "FinalizationRegistry",
            "setTimeout", "setInterval", "setImmediate", "clearTimeout", "clearInterval", "performance", "require",
            "process");
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Severity { ERROR, WARNING, OK }

    /** One finding; {@code line} is 0 when it concerns the whole contract. */
    public record Finding(Severity severity, String check, int line, String message) {
        @Override
        public String toString() {
            return severity.name().toLowerCase(java.util.Locale.ROOT) + " " + check + (line > 0 ? " (line " + line + ")" : "") + ": " + message;
        }
    }

    /**
     * @param market   listed contracts on the worst-case block
     * @param holdings tokens the contract holds on it (each with 16 lots)
     * @param orders   its open orders on it
     */
    public record WorstCase(int market, int holdings, int orders) {
        public static final WorstCase DEFAULT = new WorstCase(1_000, 64, 64);
    }

    private ContractCheck() {
    }

    /** Every check, in order; the budget checks only when the code parses. */
    public static List<Finding> check(String code, ContractSandbox sandbox, long budget, WorstCase worst) {
        List<Finding> out = new ArrayList<>();
        int bytes = code.getBytes(StandardCharsets.UTF_8).length;
        if (code.length() > ContractSandbox.MAX_CODE_CHARS || bytes > Payloads.MAX_CODE) {
            out.add(new Finding(Severity.ERROR, "size", 0, bytes + " bytes; a contract's code is at most "
                    + Payloads.MAX_CODE + " bytes and " + ContractSandbox.MAX_CODE_CHARS + " characters"));
        } else {
            out.add(new Finding(Severity.OK, "size", 0, bytes + " bytes of " + Payloads.MAX_CODE));
        }
        List<Finding> globals = globals(code);
        out.addAll(globals);
        if (globals.stream().anyMatch(f -> f.message().startsWith("the word import"))) {
            return out; // the sandbox refuses such code before running anything
        }
        String bare = Sources.blankCommentsAndStrings(code);
        Address self = Address.derived("bourse/check", new byte[] {0});
        String ctx = worstContext(self, worst);
        ContractCall create = call(code, self, "onCreate", ctx, Map.of(), budget);
        CallResult first = sandbox.call(create);
        if (first instanceof CallResult.Failed f && f.detail().startsWith("the code does not parse")) {
            out.add(new Finding(Severity.ERROR, "syntax", line(f.detail()), f.detail()));
            return out;
        }
        out.add(new Finding(Severity.OK, "syntax", 0, "parses as a script"));
        Map<String, String> storage = first instanceof CallResult.Completed c ? writes(c) : Map.of();
        if (defines(bare, "onCreate")) {
            budget(out, "onCreate", first, budget, ContractTests.thrownLine(first, sandbox, create));
        }
        ContractCall newBlock = call(code, self, "onNewBlock", ctx, storage, budget);
        CallResult next = sandbox.call(newBlock);
        if (next instanceof CallResult.Failed f && f.reason() == CallResult.Failure.NO_ENTRY_POINT) {
            out.add(new Finding(Severity.ERROR, "entry", 0, "no function onNewBlock(ctx): the contract would never act"));
        } else {
            budget(out, "onNewBlock", next, budget, ContractTests.thrownLine(next, sandbox, newBlock));
        }
        ContractCall close = call(code, self, "onClosing", ctx.replace("\"status\":\"active\",\"shares\":\"1000000\",\"treasury\"",
                "\"status\":\"closing\",\"shares\":\"1000000\",\"treasury\""), storage, budget);
        if (defines(bare, "onClosing")) {
            CallResult closing = sandbox.call(close);
            budget(out, "onClosing", closing, budget, ContractTests.thrownLine(closing, sandbox, close));
        }
        return out;
    }

    /** Whether the code (comments and strings blanked) names the entry point at all. */
    private static boolean defines(String bare, String entry) {
        return Pattern.compile("\\b" + entry + "\\b").matcher(bare).find();
    }

    /** Whether any finding is an error. */
    public static boolean failed(List<Finding> findings) {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }

    private static void budget(List<Finding> out, String entry, CallResult r, long budget, int line) {
        switch (r) {
            case CallResult.Completed c -> {
                long pct = c.budgetUsed() * 100 / budget;
                out.add(new Finding(pct >= 50 ? Severity.WARNING : Severity.OK, "budget", 0, entry + " on a worst-case block: "
                        + c.budgetUsed() + " of " + budget + " statements (" + pct + "%)"
                        + (pct >= 50 ? "; a busier block may exhaust it" : "")));
            }
            case CallResult.Failed f -> out.add(new Finding(Severity.ERROR, "budget", line, entry
                    + " on a worst-case block fails: " + f.reason().code() + ": " + f.detail()
                    + " (" + f.budgetUsed() + " statements)"));
        }
    }

    private static ContractCall call(String code, Address self, String entry, String ctx, Map<String, String> storage,
                                     long budget) {
        Hash block = Hash.of("bourse/check-block".getBytes(StandardCharsets.US_ASCII));
        return ContractCall.fromContext(code, self, entry, block, 1_700_000_000_000L, ctx, storage, budget);
    }

    private static Map<String, String> writes(CallResult.Completed c) {
        Map<String, String> out = new TreeMap<>();
        c.storageWrites().forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The first {@code :LINE:} of an engine message (e.g. {@code <hash>:3:7 Expected…}), or 0. */
    static int line(String message) {
        Matcher m = Pattern.compile(":(\\d+):\\d+").matcher(message);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Uses of removed globals, and the word import, outside comments and strings. */
    static List<Finding> globals(String code) {
        List<Finding> out = new ArrayList<>();
        String bare = Sources.blankCommentsAndStrings(code);
        if (Pattern.compile("\\bimport\\b").matcher(code).find()) {
            Matcher m = Pattern.compile("\\bimport\\b").matcher(code);
            m.find();
            out.add(new Finding(Severity.ERROR, "forbidden", Sources.lineOf(code, m.start()),
                    "the word import may not appear anywhere, even in a comment or a string (modules are not available)"));
        }
        Matcher m = IDENT.matcher(bare);
        while (m.find()) {
            String id = m.group();
            boolean property = m.start() > 0 && bare.charAt(prevNonSpace(bare, m.start() - 1)) == '.';
            if (FORBIDDEN.contains(id) && !property && !isKey(bare, m.end())) {
                out.add(new Finding(Severity.ERROR, "forbidden", Sources.lineOf(code, m.start()), id
                        + " is not available in the sandbox"
                        + (id.equals("console") || id.equals("print") ? " (record what you need in ctx.storage)" : "")));
            }
            if (id.equals("Function") && !property && bare.startsWith("(", skipSpace(bare, m.end()))) {
                out.add(new Finding(Severity.ERROR, "forbidden", Sources.lineOf(code, m.start()),
                        "Function(...) compiles code from a string, which the sandbox refuses"));
            }
        }
        return out;
    }

    private static int prevNonSpace(String s, int i) {
        while (i > 0 && Character.isWhitespace(s.charAt(i))) {
            i--;
        }
        return i;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** An object literal's key ({@code { print: 1 }}): not a reference to the global. */
    private static boolean isKey(String s, int end) {
        int i = skipSpace(s, end);
        return i < s.length() && s.charAt(i) == ':' && (i + 1 >= s.length() || s.charAt(i + 1) != ':');
    }

    /** A ctx as large as the check's worst case: the contract's own part, the market, default parameters. */
    static String worstContext(Address self, WorstCase w) {
        ObjectNode ctx = JSON.createObjectNode();
        ctx.putObject("block").put("height", 1_000_000).put("timestamp", 1_700_000_000_000L)
                .put("hash", Hash.of("bourse/check-block".getBytes(StandardCharsets.US_ASCII)).hex());
        List<Address> others = new ArrayList<>();
        for (int i = 0; i < w.market(); i++) {
            others.add(Address.derived("bourse/check", new byte[] {1, (byte) (i >> 8), (byte) i}));
        }
        ObjectNode c = ctx.putObject("contract");
        c.put("address", self.text()).put("status", "active").put("shares", "1000000").put("treasury", "100000")
                .put("price", "1").put("coin", "250000").put("coinReserved", "1000");
        ArrayNode holdings = c.putArray("holdings");
        for (int i = 0; i < Math.min(w.holdings(), others.size()); i++) {
            ObjectNode h = holdings.addObject().put("token", others.get(i).text()).put("amount", "1600").put("reserved", "10");
            ArrayNode lots = h.putArray("lots");
            for (int j = 0; j < 16; j++) {
                lots.addObject().put("amount", "100").put("acquiredAt", 1_700_000_000_000L - (j + 1) * 3_600_000L);
            }
        }
        ArrayNode orders = c.putArray("openOrders");
        for (int i = 0; i < w.orders(); i++) {
            Address a = others.get(i % Math.max(1, others.size()));
            orders.addObject().put("id", Hash.of(new byte[] {(byte) i, 7}).hex()).put("market", a.text() + "-coin")
                    .put("side", i % 2 == 0 ? "buy" : "sell").put("price", i % 2 == 0 ? "0.99" : "1.01").put("remaining", "10");
        }
        ArrayNode market = ctx.putObject("market").putArray("contracts");
        List<Address> sorted = new ArrayList<>(others);
        sorted.add(self);
        sorted.sort(null);
        int i = 0;
        for (Address a : sorted) {
            String mark = Amount.ofUnits(Amount.ONE_UNITS + (i++ % 97) * 100_000L).toPlainString();
            market.addObject().put("address", a.text()).put("status", "active").put("shares", "1000000").put("price", "1")
                    .put("mark", mark).put("bid", "0.99").put("ask", "1.01").put("last", mark).put("lastTradeHeight", 999_999);
        }
        ctx.putObject("params").put("minimumHoldMillis", 60_000).put("maximumHoldMillis", 604_800_000L)
                .put("minimumInvestedRatio", "0.5").put("minimumSharePrice", "1").put("exchangeFee", "0.001")
                .put("statementBudget", DefaultParameters.DEFAULT_STATEMENT_BUDGET);
        return ctx.toString();
    }
}
