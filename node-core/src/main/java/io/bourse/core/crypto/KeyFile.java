package io.bourse.core.crypto;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bourse.core.codec.Hex;
import io.bourse.core.types.PublicKey;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * A key pair on disk: a small JSON document, readable and writable by its owner only.
 *
 * <pre>
 * {"format": "bourse-key/1", "publicKey": "hex", "address": "bx…", "seed": "hex"}
 * {"format": "bourse-key/1", "publicKey": "hex", "address": "bx…",
 *  "encryption": {"kdf": "scrypt", "n": 32768, "r": 8, "p": 1, "salt": "hex (16 bytes)",
 *                 "cipher": "aes-256-gcm", "nonce": "hex (12 bytes)", "ciphertext": "hex (32 + 16 bytes)"}}
 * </pre>
 *
 * <p>Without a passphrase the 32-byte Ed25519 seed is stored in hex. With one, scrypt (N = 2^15,
 * r = 8, p = 1: 32 MiB and about a tenth of a second per attempt) turns the passphrase (UTF-8) and a
 * random 16-byte salt into a 256-bit key, and AES-256-GCM with a random 96-bit nonce encrypts the
 * seed, authenticating the public key as associated data; a wrong passphrase or an edited file
 * fails the GCM tag. Reading accepts scrypt N from 2^14 to 2^20, r and p up to 16.
 *
 * <p>Permissions: the file is created with mode 600 in the same call that creates it (never
 * briefly world-readable), and refused on reading if the group or others have any permission on
 * it. Exceptions name the file and the fix but never contain key material, and this class logs
 * nothing. The caller keeps ownership of the passphrase array (clear it when done).
 */
public final class KeyFile {
    public static final String FORMAT = "bourse-key/1";
    static final int SCRYPT_N = 1 << 15;
    static final int SCRYPT_R = 8;
    static final int SCRYPT_P = 1;
    private static final int SALT_BYTES = 16;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int SEED_BYTES = 32;
    private static final long MAX_FILE_BYTES = 64 * 1024;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyFile() {
    }

    /** A key file refused: the message names the file and what to do, never key material. */
    public static final class KeyFileException extends IOException {
        public KeyFileException(String message) {
            super(message);
        }
    }

    /**
     * Creates {@code file} (refused if it exists) with mode 600 and writes {@code key} to it,
     * encrypted when a passphrase is given. Missing parent directories are created.
     */
    public static void write(Path file, KeyPair key, Optional<char[]> passphrase) throws IOException {
        byte[] seed = key.seed();
        byte[] content;
        try {
            content = render(key.publicKey(), seed, passphrase);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
        try {
            createOwnerOnly(file, content);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /** Reads a key file, checking its permissions first; the passphrase is needed only for an encrypted file. */
    public static KeyPair read(Path file, Optional<char[]> passphrase) throws IOException {
        ObjectNode root = load(file);
        PublicKey publicKey = publicKey(file, root);
        byte[] seed = root.has("encryption")
                ? decrypt(file, (ObjectNode) root.get("encryption"), publicKey, passphrase)
                : plainSeed(file, root);
        try {
            KeyPair key = KeyPair.fromSeed(seed);
            if (!key.publicKey().equals(publicKey)) {
                throw new KeyFileException("key file " + file + ": the private key does not match the public key"
                        + " it names; the file is damaged");
            }
            return key;
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** Whether a key file needs a passphrase, without reading the private key (permissions are checked). */
    public static boolean isEncrypted(Path file) throws IOException {
        return load(file).has("encryption");
    }

    // ------------------------------------------------------------------ writing

    private static byte[] render(PublicKey publicKey, byte[] seed, Optional<char[]> passphrase) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("publicKey", publicKey.hex());
        root.put("address", publicKey.address().text());
        if (passphrase.isPresent()) {
            root.set("encryption", encrypt(seed, publicKey, passphrase.get()));
        } else {
            root.put("seed", Hex.encode(seed));
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a key file");
        }
    }

    private static ObjectNode encrypt(byte[] seed, PublicKey publicKey, char[] passphrase) {
        byte[] salt = new byte[SALT_BYTES];
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(nonce);
        byte[] aesKey = derive(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P);
        byte[] ciphertext;
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(publicKey.unsafeBytes());
            ciphertext = c.doFinal(seed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getClass().getSimpleName());
        } finally {
            Arrays.fill(aesKey, (byte) 0);
        }
        ObjectNode enc = JSON.createObjectNode();
        enc.put("kdf", "scrypt");
        enc.put("n", SCRYPT_N);
        enc.put("r", SCRYPT_R);
        enc.put("p", SCRYPT_P);
        enc.put("salt", Hex.encode(salt));
        enc.put("cipher", "aes-256-gcm");
        enc.put("nonce", Hex.encode(nonce));
        enc.put("ciphertext", Hex.encode(ciphertext));
        return enc;
    }

    /** CREATE_NEW with the permissions as a creation attribute: the file never exists with wider ones. */
    private static void createOwnerOnly(Path file, byte[] content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!Files.getFileStore(parent == null ? file.toAbsolutePath() : parent).supportsFileAttributeView("posix")) {
            throw new KeyFileException("cannot create key file " + file + ": owner-only permissions need a POSIX file system");
        }
        SeekableByteChannel ch;
        try {
            ch = Files.newByteChannel(file, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            throw new KeyFileException("key file " + file + " already exists; refusing to overwrite a key");
        }
        boolean done = false;
        try (OutputStream out = Channels.newOutputStream(ch)) {
            out.write(content);
            out.flush();
            if (ch instanceof java.nio.channels.FileChannel fc) {
                fc.force(true);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(file);
            }
        }
        // the umask can only remove bits; make sure nothing else added any
        Files.setPosixFilePermissions(file, OWNER_ONLY);
    }

    // ------------------------------------------------------------------ reading

    private static ObjectNode load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new KeyFileException("key file " + file + " does not exist or is not a regular file");
        }
        checkPermissions(file);
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new KeyFileException("key file " + file + " is too large to be a key file");
        }
        byte[] bytes = Files.readAllBytes(file);
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root == null || !root.isObject()) {
                throw new KeyFileException("key file " + file + " is not a JSON object");
            }
            String format = root.path("format").asText("");
            if (!FORMAT.equals(format)) {
                throw new KeyFileException("key file " + file + " is not a Bourse key file (its format must be '"
                        + FORMAT + "')");
            }
            return (ObjectNode) root;
        } catch (JsonProcessingException e) {
            // Jackson's own message can quote the file's content: report the position only
            JsonLocation at = e.getLocation();
            throw new KeyFileException("key file " + file + " is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static void checkPermissions(Path file) throws IOException {
        if (!Files.getFileStore(file).supportsFileAttributeView("posix")) {
            return; // no POSIX modes to check (the file was not written by us on this file system)
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : perms) {
            if (!p.name().startsWith("OWNER_")) {
                open.add(p);
            }
        }
        if (!open.isEmpty()) {
            throw new KeyFileException("key file " + file + " is accessible by group or others (mode "
                    + PosixFilePermissions.toString(perms) + "); a private key must be readable by its owner only."
                    + " Fix it with: chmod 600 " + file);
        }
    }

    private static PublicKey publicKey(Path file, ObjectNode root) throws KeyFileException {
        try {
            return PublicKey.fromHex(text(file, root, "publicKey"));
        } catch (IllegalArgumentException e) {
            throw new KeyFileException("key file " + file + ": publicKey is not 32 bytes of hex");
        }
    }

    private static byte[] plainSeed(Path file, ObjectNode root) throws KeyFileException {
        byte[] seed = hex(file, root, "seed");
        if (seed.length != SEED_BYTES) {
            throw new KeyFileException("key file " + file + ": seed must be " + SEED_BYTES + " bytes");
        }
        return seed;
    }

    private static byte[] decrypt(Path file, ObjectNode enc, PublicKey publicKey, Optional<char[]> passphrase)
            throws KeyFileException {
        if (passphrase.isEmpty()) {
            throw new KeyFileException("key file " + file + " is encrypted: give its passphrase");
        }
        if (!"scrypt".equals(text(file, enc, "kdf")) || !"aes-256-gcm".equals(text(file, enc, "cipher"))) {
            throw new KeyFileException("key file " + file + ": only scrypt with aes-256-gcm is supported");
        }
        int n = integer(file, enc, "n", 1 << 14, 1 << 20);
        int r = integer(file, enc, "r", 1, 16);
        int p = integer(file, enc, "p", 1, 16);
        if (Integer.bitCount(n) != 1) {
            throw new KeyFileException("key file " + file + ": scrypt n must be a power of two");
        }
        byte[] salt = hex(file, enc, "salt");
        byte[] nonce = hex(file, enc, "nonce");
        byte[] ciphertext = hex(file, enc, "ciphertext");
        if (salt.length < SALT_BYTES || nonce.length != NONCE_BYTES || ciphertext.length != SEED_BYTES + TAG_BITS / 8) {
            throw new KeyFileException("key file " + file + ": salt, nonce or ciphertext has the wrong length");
        }
        byte[] aesKey = derive(passphrase.get(), salt, n, r, p);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(publicKey.unsafeBytes());
            return c.doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            throw new KeyFileException("wrong passphrase for key file " + file + " (or the file was altered)");
        } catch (GeneralSecurityException e) {
            throw new KeyFileException("key file " + file + " cannot be decrypted: " + e.getClass().getSimpleName());
        } finally {
            Arrays.fill(aesKey, (byte) 0);
        }
    }

    private static byte[] derive(char[] passphrase, byte[] salt, int n, int r, int p) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
        byte[] pass = new byte[encoded.remaining()];
        encoded.get(pass);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        try {
            return SCrypt.generate(pass, salt, n, r, p, 32);
        } finally {
            Arrays.fill(pass, (byte) 0);
        }
    }

    private static String text(Path file, JsonNode node, String field) throws KeyFileException {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new KeyFileException("key file " + file + ": field '" + field + "' is missing or not a string");
        }
        return v.asText();
    }

    private static byte[] hex(Path file, JsonNode node, String field) throws KeyFileException {
        try {
            return Hex.decode(text(file, node, field));
        } catch (IllegalArgumentException e) {
            throw new KeyFileException("key file " + file + ": field '" + field + "' is not hex");
        }
    }

    private static int integer(Path file, JsonNode node, String field, int min, int max) throws KeyFileException {
        JsonNode v = node.get(field);
        if (v == null || !v.isInt() || v.intValue() < min || v.intValue() > max) {
            throw new KeyFileException("key file " + file + ": " + field + " must be a whole number from "
                    + min + " to " + max);
        }
        return v.intValue();
    }
}
