package io.bourse.core.params;

import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The network's agreed configuration (C6): the 16 parameters of the seed plus the ones Bourse adds
 * (docs/parameters.md). Fractions are exact parts per million; money is {@link Amount}; durations
 * are milliseconds or seconds as named. Built only through {@link ParametersJson#parse} or the
 * canonical constructor, both of which enforce {@link #validate()}.
 *
 * <p>Quorum: a block is final with {@link #quorum()} = blockMinimumSigners + 1 commit signatures
 * (the generator's and blockMinimumSigners others). With n signers and quorum q the network stays
 * safe and live with up to {@link #faultTolerance()} f = min(n − q, 2q − n − 1) faulty signers.
 */
public record NetworkParameters(
        ChainId chainId,
        long blockGenerationTimeMillis,
        PublicKey blockGenerator,
        List<Validator> blockSigners,
        int blockMinimumSigners,
        Amount blockProductionReward,
        Amount contractMinimumSharePrice,
        long contractMaximumShareHoldTimeSeconds,
        long contractMinimumShareHoldTimeSeconds,
        long contractMaximumManagerFeePpm,
        long contractMaximumManagerSharePpm,
        long contractNetworkOperatorFeePpm,
        List<Address> contractNetworkOperatorFeeAddress,
        long contractFoundersFeePpm,
        List<Address> contractFoundersFeeAddress,
        long contractCoinContractOperatorFeePpm,
        List<Address> contractCoinContractOperatorFeeAddress,
        // --- added by Bourse (docs/parameters.md) ---
        String networkOperator,
        List<PublicKey> executionServers,
        PublicKey coinContractOperator,
        long contractMinimumInvestedRatioPpm,
        long contractInvestedRatioGraceSeconds,
        long exchangeFeePpm,
        long roundChangeTimeoutMillis,
        int contractExecutionQuorum,
        long contractStatementBudget,
        List<PublicKey> rateSources) {
    /** The smallest and largest statement budget of one contract call. */
    public static final long MIN_STATEMENT_BUDGET = 1_000;
    public static final long MAX_STATEMENT_BUDGET = 1_000_000_000;
    /** At most this many registered rate sources (N4). */
    public static final int MAX_RATE_SOURCES = 64;


    public NetworkParameters {
        blockSigners = List.copyOf(blockSigners);
        contractNetworkOperatorFeeAddress = List.copyOf(contractNetworkOperatorFeeAddress);
        contractFoundersFeeAddress = List.copyOf(contractFoundersFeeAddress);
        contractCoinContractOperatorFeeAddress = List.copyOf(contractCoinContractOperatorFeeAddress);
        executionServers = List.copyOf(executionServers);
        rateSources = List.copyOf(rateSources);
    }

    /** N4: whether {@code key} is a registered rate source, whose reports count. */
    public boolean isRateSource(PublicKey key) {
        return rateSources.contains(key);
    }

    /** Signatures a final block carries: the generator's and blockMinimumSigners others. */
    public int quorum() {
        return blockMinimumSigners + 1;
    }

    /** How many faulty signers the network tolerates: f = min(n − q, 2q − n − 1). */
    public int faultTolerance() {
        int n = blockSigners.size();
        int q = quorum();
        return Math.max(0, Math.min(n - q, 2 * q - n - 1));
    }

    public Optional<Validator> signer(PublicKey key) {
        return blockSigners.stream().filter(v -> v.publicKey().equals(key)).findFirst();
    }

    public boolean isSigner(PublicKey key) {
        return signer(key).isPresent();
    }

    public int signerIndex(PublicKey key) {
        for (int i = 0; i < blockSigners.size(); i++) {
            if (blockSigners.get(i).publicKey().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** The generator and then the other signers in list order, wrapping: the failover candidate order (C7). */
    public PublicKey candidate(int round) {
        int n = blockSigners.size();
        int start = signerIndex(blockGenerator);
        return blockSigners.get(Math.floorMod(start + round, n)).publicKey();
    }

    /** The same parameters with another generator: what a new generator proposes at failover. */
    public NetworkParameters withGenerator(PublicKey generator) {
        return new NetworkParameters(chainId, blockGenerationTimeMillis, generator, blockSigners, blockMinimumSigners,
                blockProductionReward, contractMinimumSharePrice, contractMaximumShareHoldTimeSeconds,
                contractMinimumShareHoldTimeSeconds, contractMaximumManagerFeePpm, contractMaximumManagerSharePpm,
                contractNetworkOperatorFeePpm, contractNetworkOperatorFeeAddress, contractFoundersFeePpm,
                contractFoundersFeeAddress, contractCoinContractOperatorFeePpm, contractCoinContractOperatorFeeAddress,
                networkOperator, executionServers, coinContractOperator,
                contractMinimumInvestedRatioPpm, contractInvestedRatioGraceSeconds, exchangeFeePpm,
                roundChangeTimeoutMillis, contractExecutionQuorum, contractStatementBudget, rateSources);
    }

    /** The same parameters with other contract-execution settings (tests, devnets). */
    public NetworkParameters withContractExecution(List<PublicKey> servers, int quorum, long statementBudget) {
        return new NetworkParameters(chainId, blockGenerationTimeMillis, blockGenerator, blockSigners, blockMinimumSigners,
                blockProductionReward, contractMinimumSharePrice, contractMaximumShareHoldTimeSeconds,
                contractMinimumShareHoldTimeSeconds, contractMaximumManagerFeePpm, contractMaximumManagerSharePpm,
                contractNetworkOperatorFeePpm, contractNetworkOperatorFeeAddress, contractFoundersFeePpm,
                contractFoundersFeeAddress, contractCoinContractOperatorFeePpm, contractCoinContractOperatorFeeAddress,
                networkOperator, servers, coinContractOperator,
                contractMinimumInvestedRatioPpm, contractInvestedRatioGraceSeconds, exchangeFeePpm,
                roundChangeTimeoutMillis, quorum, statementBudget, rateSources);
    }

    /** The same parameters with other share hold times, in seconds (tests, devnets). */
    public NetworkParameters withHoldTimes(long minimumSeconds, long maximumSeconds) {
        return new NetworkParameters(chainId, blockGenerationTimeMillis, blockGenerator, blockSigners, blockMinimumSigners,
                blockProductionReward, contractMinimumSharePrice, maximumSeconds, minimumSeconds,
                contractMaximumManagerFeePpm, contractMaximumManagerSharePpm,
                contractNetworkOperatorFeePpm, contractNetworkOperatorFeeAddress, contractFoundersFeePpm,
                contractFoundersFeeAddress, contractCoinContractOperatorFeePpm, contractCoinContractOperatorFeeAddress,
                networkOperator, executionServers, coinContractOperator,
                contractMinimumInvestedRatioPpm, contractInvestedRatioGraceSeconds, exchangeFeePpm,
                roundChangeTimeoutMillis, contractExecutionQuorum, contractStatementBudget, rateSources);
    }

    /** The same parameters with other registered rate sources (N4; tests, devnets). */
    public NetworkParameters withRateSources(List<PublicKey> sources) {
        return new NetworkParameters(chainId, blockGenerationTimeMillis, blockGenerator, blockSigners, blockMinimumSigners,
                blockProductionReward, contractMinimumSharePrice, contractMaximumShareHoldTimeSeconds,
                contractMinimumShareHoldTimeSeconds, contractMaximumManagerFeePpm, contractMaximumManagerSharePpm,
                contractNetworkOperatorFeePpm, contractNetworkOperatorFeeAddress, contractFoundersFeePpm,
                contractFoundersFeeAddress, contractCoinContractOperatorFeePpm, contractCoinContractOperatorFeeAddress,
                networkOperator, executionServers, coinContractOperator,
                contractMinimumInvestedRatioPpm, contractInvestedRatioGraceSeconds, exchangeFeePpm,
                roundChangeTimeoutMillis, contractExecutionQuorum, contractStatementBudget, sources);
    }

    /**
     * K6: how many execution servers run each contract: the first min(|executionServers|,
     * 2 × contractExecutionQuorum − 1) by rendezvous hashing. Fewer than twice the quorum, so two
     * different results can never both reach it; more than the quorum where there are servers to
     * spare, so one server down does not stop a contract.
     */
    public int executionServersPerContract() {
        return Math.min(executionServers.size(), 2 * contractExecutionQuorum - 1);
    }

    /** The canonical JSON document (fixed field order, decimals as strings). */
    public String toJson() {
        return ParametersJson.render(this);
    }

    public Hash hash() {
        return Hash.of(toJson().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Checks the rules of C6 and C9.
     *
     * @throws InvalidInputException naming the field and the reason
     */
    public NetworkParameters validate() {
        if (blockGenerationTimeMillis < 10 || blockGenerationTimeMillis > 3_600_000) {
            throw new InvalidInputException("blockGenerationTime", "must be between 0.01 and 3600 seconds");
        }
        if (blockSigners.isEmpty()) {
            throw new InvalidInputException("blockSigners", "must name at least one signer");
        }
        Set<PublicKey> seen = new HashSet<>();
        for (Validator v : blockSigners) {
            if (!seen.add(v.publicKey())) {
                throw new InvalidInputException("blockSigners", "signer " + v.address() + " is listed twice");
            }
            if (v.operator().isBlank()) {
                throw new InvalidInputException("blockSigners", "signer " + v.address() + " names no operator");
            }
        }
        if (!seen.contains(blockGenerator)) {
            throw new InvalidInputException("blockGenerator", "must be one of blockSigners");
        }
        int n = blockSigners.size();
        if (blockMinimumSigners < 1 || blockMinimumSigners >= n) {
            throw new InvalidInputException("blockMinimumSigners",
                    "must be at least 1 and less than the " + n + " blockSigners, got " + blockMinimumSigners);
        }
        if (2 * quorum() <= n) {
            throw new InvalidInputException("blockMinimumSigners", "with " + n + " signers a quorum of "
                    + quorum() + " lets two disjoint quorums finalise different blocks; it must exceed " + n / 2);
        }
        long operated = blockSigners.stream().filter(v -> v.operator().equals(networkOperator)).count();
        if (2 * operated >= blockMinimumSigners) {
            throw new InvalidInputException("blockSigners", "the Network Operator '" + networkOperator + "' runs "
                    + operated + " signers; that must be below 50% of blockMinimumSigners (" + blockMinimumSigners + ")");
        }
        if (contractMinimumShareHoldTimeSeconds < 0 || contractMaximumShareHoldTimeSeconds < contractMinimumShareHoldTimeSeconds) {
            throw new InvalidInputException("contractMaximumShareHoldTime",
                    "must be at least contractMinimumShareHoldTime, and neither negative");
        }
        ppm("contractMaximumManagerFee", contractMaximumManagerFeePpm);
        ppm("contractMaximumManagerShare", contractMaximumManagerSharePpm);
        ppm("contractNetworkOperatorFee", contractNetworkOperatorFeePpm);
        ppm("contractFoundersFee", contractFoundersFeePpm);
        ppm("contractCoinContractOperatorFee", contractCoinContractOperatorFeePpm);
        ppm("contractMinimumInvestedRatio", contractMinimumInvestedRatioPpm);
        ppm("exchangeFee", exchangeFeePpm);
        payees("contractNetworkOperatorFeeAddress", contractNetworkOperatorFeePpm, contractNetworkOperatorFeeAddress);
        payees("contractFoundersFeeAddress", contractFoundersFeePpm, contractFoundersFeeAddress);
        payees("contractCoinContractOperatorFeeAddress", contractCoinContractOperatorFeePpm,
                contractCoinContractOperatorFeeAddress);
        if (new HashSet<>(executionServers).size() != executionServers.size()) {
            throw new InvalidInputException("executionServers", "a key is listed twice");
        }
        if (contractInvestedRatioGraceSeconds < 0) {
            throw new InvalidInputException("contractInvestedRatioGracePeriod", "must not be negative");
        }
        if (roundChangeTimeoutMillis < 10 || roundChangeTimeoutMillis > 600_000) {
            throw new InvalidInputException("roundChangeTimeout", "must be between 0.01 and 600 seconds");
        }
        if (contractExecutionQuorum < 1 || contractExecutionQuorum > Math.max(1, executionServers.size())) {
            throw new InvalidInputException("contractExecutionQuorum", "must be at least 1 and at most the "
                    + executionServers.size() + " executionServers, got " + contractExecutionQuorum);
        }
        if (contractStatementBudget < MIN_STATEMENT_BUDGET || contractStatementBudget > MAX_STATEMENT_BUDGET) {
            throw new InvalidInputException("contractStatementBudget", "must be between " + MIN_STATEMENT_BUDGET
                    + " and " + MAX_STATEMENT_BUDGET + ", got " + contractStatementBudget);
        }
        if (new HashSet<>(rateSources).size() != rateSources.size()) {
            throw new InvalidInputException("rateSources", "a key is listed twice: one source, one report");
        }
        if (rateSources.size() > MAX_RATE_SOURCES) {
            throw new InvalidInputException("rateSources", "at most " + MAX_RATE_SOURCES + " keys, got "
                    + rateSources.size());
        }
        if (rateSources.contains(coinContractOperator)) {
            throw new InvalidInputException("rateSources", "may not name the Coin Contract Operator: its purchases "
                    + "are checked against the sources' median, so it must not be one of them (N4)");
        }
        return this;
    }

    private static void ppm(String field, long value) {
        if (value < 0 || value > Amount.PPM) {
            throw new InvalidInputException(field, "must be a fraction between 0 and 1");
        }
    }

    private static void payees(String field, long feePpm, List<Address> addresses) {
        if (feePpm > 0 && addresses.isEmpty()) {
            throw new InvalidInputException(field, "a fee above zero needs at least one address");
        }
        if (new HashSet<>(addresses).size() != addresses.size()) {
            throw new InvalidInputException(field, "an address is listed twice");
        }
        if (addresses.contains(io.bourse.core.types.TokenId.COIN_CONTRACT)) {
            throw new InvalidInputException(field, "may not name the Coin Contract: Coin paid to it would be "
                    + "neither circulating nor burned (N5)");
        }
    }
}
