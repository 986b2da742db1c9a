package io.bourse.core.commitment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bourse.core.codec.Hex;
import io.bourse.core.crypto.Ed25519;
import io.bourse.core.crypto.KeyFile;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.Hash;
import io.bourse.core.types.TokenId;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.SCrypt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worked example of docs/encoding.md, rebuilt from its seed. Every value the doc shows is read
 * from the doc and compared with what the code makes, so the doc and the code cannot disagree.
 *
 * <p>The section's fenced blocks follow an HTML comment naming them ({@code <!-- vector: NAME -->}):
 * {@code values} has lines {@code label  value} (two or more spaces between); {@code commitment}
 * and {@code signed} have lines {@code hex  comment} whose hex parts, joined, are the bytes;
 * {@code keyfile} and {@code keyfile-encrypted} are key files.
 */
class WorkedExampleTest {
    static final Path DOC = Path.of("..", "docs", "encoding.md");
    static final ChainId CHAIN = ChainId.of("bourse-test");
    static final ObjectMapper JSON = new ObjectMapper();

    static Map<String, List<String>> blocks;
    static Map<String, String> values;
    static byte[] seed;
    static KeyPair sender;
    static KeyPair recipient;
    static Commitment transfer;

    @BeforeAll
    static void buildTheExample() throws Exception {
        blocks = vectorBlocks(Files.readAllLines(DOC));
        values = labelled(blocks.get("values"));
        seed = Hash.of("bourse-test-key/1".getBytes(StandardCharsets.US_ASCII)).bytes();
        sender = KeyPair.fromSeed(seed);
        recipient = KeyPair.fromSeed(Hash.of("bourse-test-key/2".getBytes(StandardCharsets.US_ASCII)).bytes());
        transfer = Commitment.sign(sender, CHAIN, 0,
                new Payloads.Transfer(recipient.address(), TokenId.COIN, Amount.parse("12.5")));
    }

    @Test
    void theKeyAndAddressesAreThoseOfTheSeed() {
        assertThat(values).containsEntry("seed", Hex.encode(seed))
                .containsEntry("public key", sender.publicKey().hex())
                .containsEntry("address", Hex.encode(sender.address().bytes()))
                .containsEntry("address text", sender.address().text())
                .containsEntry("recipient seed", Hex.encode(Hash.of("bourse-test-key/2"
                        .getBytes(StandardCharsets.US_ASCII)).bytes()))
                .containsEntry("recipient address text", recipient.address().text())
                .containsEntry("coin token", Hex.encode(TokenId.COIN_CONTRACT.bytes()));
        byte[] tagged = concat("bourse/address".getBytes(StandardCharsets.US_ASCII), sender.publicKey().bytes());
        assertThat(values.get("address")).isEqualTo(Hex.encode(Hash.of(tagged).bytes()).substring(0, 40));
        assertThat(Address.parse(values.get("address text"))).isEqualTo(sender.address());
    }

    @Test
    void theCanonicalBytesAreTheCommitmentsEncoding() {
        byte[] encoded = transfer.toBytes();
        assertThat(hexBlock("commitment")).isEqualTo(Hex.encode(encoded));
        assertThat(values).containsEntry("length", Integer.toString(encoded.length));
        assertThat(Commitment.fromBytes(encoded).id()).isEqualTo(transfer.id());
    }

    @Test
    void theSignatureCoversTheDomainSeparatedMessage() {
        byte[] signed = Hex.decode(hexBlock("signed"));
        byte[] expected = concat(("BOURSE/1/commitment\0" + CHAIN.value() + "\0").getBytes(StandardCharsets.US_ASCII),
                transfer.signedBytes());
        assertThat(Hex.encode(signed)).isEqualTo(Hex.encode(expected));
        assertThat(values).containsEntry("signature", transfer.signature().hex());
        assertThat(Ed25519.verifyRaw(Hex.decode(values.get("public key")), signed,
                Hex.decode(values.get("signature")))).isTrue();
    }

    @Test
    void theIdIsTheSha256OfTheWholeEncoding() {
        assertThat(values).containsEntry("commitment id", transfer.id().hex());
        assertThat(values.get("commitment id")).isEqualTo(Hash.of(Hex.decode(hexBlock("commitment"))).hex());
    }

    @Test
    void thePlainKeyFileIsWhatKeyFileWritesAndReads(@TempDir Path dir) throws Exception {
        Path written = dir.resolve("written.key");
        KeyFile.write(written, sender, Optional.empty());
        assertThat(JSON.readTree(String.join("\n", blocks.get("keyfile")))).isEqualTo(JSON.readTree(written.toFile()));
        Path fromDoc = ownerOnly(dir.resolve("doc.key"), blocks.get("keyfile"));
        assertThat(KeyFile.read(fromDoc, Optional.empty()).publicKey()).isEqualTo(sender.publicKey());
    }

    @Test
    void theEncryptedKeyFileDecryptsWithItsPassphraseAndItsCiphertextIsExact(@TempDir Path dir) throws Exception {
        char[] passphrase = values.get("passphrase").toCharArray();
        Path fromDoc = ownerOnly(dir.resolve("doc-encrypted.key"), blocks.get("keyfile-encrypted"));
        assertThat(KeyFile.read(fromDoc, Optional.of(passphrase)).publicKey()).isEqualTo(sender.publicKey());
        JsonNode file = JSON.readTree(String.join("\n", blocks.get("keyfile-encrypted")));
        JsonNode enc = file.get("encryption");
        assertThat(file.has("seed")).isFalse();
        byte[] key = SCrypt.generate(values.get("passphrase").getBytes(StandardCharsets.UTF_8),
                Hex.decode(enc.get("salt").asText()), enc.get("n").asInt(), enc.get("r").asInt(), enc.get("p").asInt(), 32);
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"),
                new GCMParameterSpec(128, Hex.decode(enc.get("nonce").asText())));
        aes.updateAAD(sender.publicKey().bytes());
        assertThat(enc.get("ciphertext").asText()).isEqualTo(Hex.encode(aes.doFinal(seed)));
    }

    // ------------------------------------------------------------------ reading the doc

    /** The fenced blocks of the doc that follow a {@code <!-- vector: NAME -->} line, by name. */
    static Map<String, List<String>> vectorBlocks(List<String> lines) {
        Pattern marker = Pattern.compile("^<!-- vector: ([a-z-]+) -->$");
        Map<String, List<String>> out = new LinkedHashMap<>();
        String name = null;
        List<String> current = null;
        for (String l : lines) {
            Matcher m = marker.matcher(l);
            if (m.matches()) {
                name = m.group(1);
            } else if (l.startsWith("```") && current == null && name != null) {
                current = new ArrayList<>();
            } else if (l.startsWith("```") && current != null) {
                out.put(name, current);
                name = null;
                current = null;
            } else if (current != null) {
                current.add(l);
            }
        }
        assertThat(out).as("the vector blocks of " + DOC)
                .containsOnlyKeys("values", "commitment", "signed", "keyfile", "keyfile-encrypted");
        return out;
    }

    /** {@code label  value} lines: the label's words are one space apart, then two or more spaces. */
    static Map<String, String> labelled(List<String> lines) {
        Pattern line = Pattern.compile("^(\\S+(?: \\S+)*) {2,}(\\S+)$");
        Map<String, String> out = new LinkedHashMap<>();
        for (String l : lines) {
            Matcher m = line.matcher(l);
            assertThat(m.matches()).as("a 'label  value' line: " + l).isTrue();
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    /** The hex parts of a {@code hex  comment} block, joined: before the first run of two spaces, blanks removed. */
    static String hexBlock(String name) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (String l : blocks.get(name)) {
            String hex = l.split(" {2,}", 2)[0].replace(" ", "");
            assertThat(hex).as("the hex part of: " + l).matches("([0-9a-f]{2})+");
            joined.writeBytes(hex.getBytes(StandardCharsets.US_ASCII));
        }
        return joined.toString(StandardCharsets.US_ASCII);
    }

    static Path ownerOnly(Path file, List<String> content) throws Exception {
        Files.writeString(file, String.join("\n", content) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
