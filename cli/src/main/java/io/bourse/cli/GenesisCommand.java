package io.bourse.cli;

import io.bourse.core.crypto.KeyFile;
import io.bourse.core.genesis.DefaultParameters;
import io.bourse.core.genesis.Genesis;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.PublicKey;
import io.bourse.core.types.Timestamp;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes a genesis file for a set of signer keys with the default parameters (docs/parameters.md). */
@Command(name = "genesis", description = "Create genesis files.", subcommands = GenesisCommand.New.class)
final class GenesisCommand extends Group {

    @Command(name = "new", mixinStandardHelpOptions = true,
            description = "Write a genesis file; the first signer is the first Block Generator.")
    static final class New implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--chain-id", required = true)
        String chainId;
        @Option(names = "--signer", required = true, description = "A signer's key file (repeat; at least 2).")
        List<Path> signers;
        @Option(names = "--execution-server", description = "An execution server's key file (repeat).")
        List<Path> executionServers = new ArrayList<>();
        @Option(names = "--coin-operator", required = true, description = "The Coin Contract Operator's key file.")
        Path coinOperator;
        @Option(names = "--block-time", defaultValue = "1", description = "blockGenerationTime in seconds (e.g. 0.25).")
        BigDecimal blockTime;
        @Option(names = "--fund", description = "ADDRESS=AMOUNT of Coin at genesis (repeat).")
        List<String> funds = new ArrayList<>();
        @Option(names = "--accept", split = ",", defaultValue = "BTC,ETH,USD", description = "The outside currencies the "
                + "Coin Contract accepts at first (default: ${DEFAULT-VALUE}); its operator changes them with "
                + "`coin configure` (N2).")
        List<String> currencies;
        @Option(names = "--out", required = true)
        Path out;

        @Override
        public Integer call() throws Exception {
            io.bourse.core.ledger.CoinConfig coin;
            try {
                coin = new io.bourse.core.ledger.CoinConfig(currencies);
            } catch (IllegalArgumentException e) {
                throw Args.bad("--accept", e.getMessage());
            }
            Genesis b = build(ChainId.of(chainId), blockTime, keys(signers), keys(executionServers),
                    KeyFile.read(coinOperator, Optional.empty()).publicKey(), funds, System.currentTimeMillis());
            Genesis g = new Genesis(b.chainId(), b.genesisTime(), b.parameters(), b.balances(), coin);
            Files.writeString(out, g.toJson() + "\n");
            spec.commandLine().getOut().printf("wrote %s: chain %s, %d signers, quorum %d, tolerates %d faulty%n", out,
                    chainId, g.parameters().blockSigners().size(), g.parameters().quorum(),
                    g.parameters().faultTolerance());
            return 0;
        }

        private static List<PublicKey> keys(List<Path> files) throws Exception {
            List<PublicKey> out = new ArrayList<>();
            for (Path f : files) {
                out.add(KeyFile.read(f, Optional.empty()).publicKey());
            }
            return out;
        }
    }

    static Genesis build(ChainId chain, BigDecimal blockTimeSeconds, List<PublicKey> signers, List<PublicKey> servers,
                         PublicKey coinOperator, List<String> funds, long nowMillis) {
        return build(chain, blockTimeSeconds, signers, servers, coinOperator, funds, nowMillis,
                java.util.function.UnaryOperator.identity());
    }

    /** As above, with {@code tweak} adjusting the default parameters (the devnet shortens hold times). */
    static Genesis build(ChainId chain, BigDecimal blockTimeSeconds, List<PublicKey> signers, List<PublicKey> servers,
                         PublicKey coinOperator, List<String> funds, long nowMillis,
                         java.util.function.UnaryOperator<NetworkParameters> tweak) {
        long blockMillis = blockTimeSeconds.movePointRight(3).longValueExact();
        NetworkParameters p = tweak.apply(DefaultParameters.of(chain, blockMillis, signers, servers, coinOperator)).validate();
        List<Genesis.Allocation> allocations = new ArrayList<>();
        for (String f : funds) {
            int eq = f.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("--fund takes ADDRESS=AMOUNT, got " + f);
            }
            allocations.add(new Genesis.Allocation(Address.parse(f.substring(0, eq)), Amount.parse(f.substring(eq + 1))));
        }
        return new Genesis(chain, Timestamp.ofMillis(nowMillis), p, allocations);
    }
}
