package io.bourse.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.core.codec.Hex;
import io.bourse.core.testing.TestKeys;
import io.bourse.core.types.ChainId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

// covers: issue 2 key files (owner-only, refused when readable by others, optional passphrase, no key in messages)
class KeyFileTest {
    static final KeyPair KEY = TestKeys.key(7);
    static final String SEED_HEX = Hex.encode(TestKeys.seed(7));
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static Optional<char[]> pass(String p) {
        return Optional.of(p.toCharArray());
    }

    /** Every refusal is a KeyFileException naming the file, and none shows the seed or the passphrase. */
    static void refused(ThrowingCallable call, Path file, String reason) {
        assertThatThrownBy(call).isInstanceOf(KeyFile.KeyFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining(reason)
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain(SEED_HEX).doesNotContain(SEED_HEX.substring(0, 16))
                            .doesNotContain("correct horse");
                    assertThat(e.getCause()).isNull();
                });
    }

    @Test
    void aPlainKeyFileIsOwnerOnlyAndReadsBackTheSameKey() throws IOException {
        Path f = dir.resolve("node.key");
        KeyFile.write(f, KEY, Optional.empty());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        ObjectNode doc = (ObjectNode) JSON.readTree(f.toFile());
        assertThat(doc.get("format").asText()).isEqualTo(KeyFile.FORMAT);
        assertThat(doc.get("publicKey").asText()).isEqualTo(KEY.publicKey().hex());
        assertThat(doc.get("address").asText()).isEqualTo(KEY.address().text());
        assertThat(doc.get("seed").asText()).isEqualTo(SEED_HEX);
        assertThat(KeyFile.isEncrypted(f)).isFalse();

        KeyPair back = KeyFile.read(f, Optional.empty());
        assertThat(back.publicKey()).isEqualTo(KEY.publicKey());
        byte[] msg = {1, 2, 3};
        assertThat(back.sign(Domain.COMMITMENT, ChainId.of("c"), msg)).isEqualTo(KEY.sign(Domain.COMMITMENT, ChainId.of("c"), msg));
    }

    @Test
    void anEncryptedKeyFileHoldsNoSeedAndNeedsItsPassphrase() throws IOException {
        Path f = dir.resolve("sub/dir/enc.key");
        KeyFile.write(f, KEY, pass("correct horse battery staple"));

        String text = Files.readString(f);
        assertThat(text).doesNotContain(SEED_HEX).doesNotContain("\"seed\"").contains("scrypt").contains("aes-256-gcm");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        assertThat(KeyFile.isEncrypted(f)).isTrue();
        assertThat(KeyFile.read(f, pass("correct horse battery staple")).publicKey()).isEqualTo(KEY.publicKey());

        refused(() -> KeyFile.read(f, pass("correct horse battery stapler")), f, "wrong passphrase");
        refused(() -> KeyFile.read(f, Optional.empty()), f, "is encrypted");
    }

    @Test
    void twoEncryptionsOfOneKeyDifferInSaltAndNonce() throws IOException {
        Path a = dir.resolve("a.key");
        Path b = dir.resolve("b.key");
        KeyFile.write(a, KEY, pass("pw"));
        KeyFile.write(b, KEY, pass("pw"));
        ObjectNode ea = (ObjectNode) JSON.readTree(a.toFile()).get("encryption");
        ObjectNode eb = (ObjectNode) JSON.readTree(b.toFile()).get("encryption");
        assertThat(ea.get("salt")).isNotEqualTo(eb.get("salt"));
        assertThat(ea.get("nonce")).isNotEqualTo(eb.get("nonce"));
        assertThat(ea.get("n").asInt()).isEqualTo(1 << 15);
    }

    @Test
    void aFileReadableByOthersIsRefusedWithTheFix() throws IOException {
        Path f = dir.resolve("open.key");
        KeyFile.write(f, KEY, Optional.empty());
        for (String mode : new String[] {"rw-r--r--", "rw-r-----", "rw----r--", "rw--w----", "rw------x"}) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
            refused(() -> KeyFile.read(f, Optional.empty()), f, "chmod 600 " + f);
            refused(() -> KeyFile.isEncrypted(f), f, mode);
        }
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--------"));
        assertThat(KeyFile.read(f, Optional.empty()).publicKey()).isEqualTo(KEY.publicKey());
    }

    @Test
    void anExistingFileIsNeverOverwritten() throws IOException {
        Path f = dir.resolve("taken.key");
        Files.writeString(f, "precious");
        refused(() -> KeyFile.write(f, KEY, Optional.empty()), f, "already exists");
        assertThat(Files.readString(f)).isEqualTo("precious");
    }

    @Test
    void aFileWhoseSeedDoesNotMatchItsPublicKeyIsRefused() throws IOException {
        Path f = dir.resolve("mixed.key");
        KeyFile.write(f, KEY, Optional.empty());
        ObjectNode doc = (ObjectNode) JSON.readTree(f.toFile());
        doc.put("publicKey", TestKeys.key(8).publicKey().hex());
        Files.writeString(f, doc.toString());
        refused(() -> KeyFile.read(f, Optional.empty()), f, "does not match");
    }

    @Test
    void anEncryptedFileWithAnotherPublicKeyFailsAuthentication() throws IOException {
        Path f = dir.resolve("swapped.key");
        KeyFile.write(f, KEY, pass("pw"));
        ObjectNode doc = (ObjectNode) JSON.readTree(f.toFile());
        doc.put("publicKey", TestKeys.key(8).publicKey().hex());
        Files.writeString(f, doc.toString());
        refused(() -> KeyFile.read(f, pass("pw")), f, "or the file was altered");
    }

    @Test
    void brokenFilesAreRefusedWithoutQuotingThem() throws IOException {
        Path f = dir.resolve("broken.key");
        Files.writeString(f, "{\"format\": \"bourse-key/1\", \"seed\": " + SEED_HEX + "}");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        refused(() -> KeyFile.read(f, Optional.empty()), f, "not valid JSON");

        Files.writeString(f, "{\"format\": \"" + SEED_HEX + "\"}");
        refused(() -> KeyFile.read(f, Optional.empty()), f, "not a Bourse key file");

        Files.writeString(f, "{\"format\": \"bourse-key/1\", \"publicKey\": \"" + KEY.publicKey().hex()
                + "\", \"seed\": \"" + SEED_HEX.substring(2) + "zz\"}");
        refused(() -> KeyFile.read(f, Optional.empty()), f, "'seed' is not hex");

        refused(() -> KeyFile.read(dir.resolve("missing.key"), Optional.empty()), dir.resolve("missing.key"), "does not exist");
    }

    @Test
    void absurdScryptParametersAreRefusedBeforeDeriving() throws IOException {
        Path f = dir.resolve("costly.key");
        KeyFile.write(f, KEY, pass("pw"));
        ObjectNode doc = (ObjectNode) JSON.readTree(f.toFile());
        ((ObjectNode) doc.get("encryption")).put("n", 1 << 30);
        Files.writeString(f, doc.toString());
        refused(() -> KeyFile.read(f, pass("pw")), f, "n must be");
    }
}
