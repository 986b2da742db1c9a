package io.bourse.cli;

import io.bourse.core.crypto.KeyFile;
import io.bourse.core.crypto.KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Key files: created owner-only, optionally encrypted with a passphrase. */
@Command(name = "keys", description = "Create and inspect Ed25519 key files.",
        subcommands = {KeysCommand.New.class, KeysCommand.Show.class})
final class KeysCommand extends Group {

    static Optional<char[]> passphrase(Path file) throws java.io.IOException {
        if (file == null) {
            return Optional.empty();
        }
        String p = Files.readString(file).strip();
        return Optional.of(p.toCharArray());
    }

    @Command(name = "new", mixinStandardHelpOptions = true,
            description = "Create a new key file (mode 600).")
    static final class New implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--out", required = true, description = "Where to write the key file; refused if it exists.")
        Path out;
        @Option(names = "--passphrase-file", description = "Encrypt the private key with the passphrase in this file.")
        Path passphraseFile;

        @Override
        public Integer call() throws Exception {
            if (Files.exists(out)) {
                spec.commandLine().getErr().println("bourse: " + out + " exists; refusing to overwrite a key");
                return 1;
            }
            KeyPair k = KeyPair.generate();
            KeyFile.write(out, k, passphrase(passphraseFile));
            spec.commandLine().getOut().printf("wrote %s%npublic key  %s%naddress     %s%n", out, k.publicKey().hex(),
                    k.address().text());
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show the public key and address of a key file (never the private key).")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "FILE")
        Path file;
        @Option(names = "--passphrase-file", description = "The passphrase, for an encrypted key file.")
        Path passphraseFile;

        @Override
        public Integer call() throws Exception {
            KeyPair k = KeyFile.read(file, passphrase(passphraseFile));
            spec.commandLine().getOut().printf("public key  %s%naddress     %s%n", k.publicKey().hex(), k.address().text());
            return 0;
        }
    }
}
