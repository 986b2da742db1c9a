package io.bourse.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bourse.core.codec.CodecException;
import io.bourse.core.codec.Hex;
import io.bourse.core.types.PublicKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.junit.jupiter.api.Test;

class CodeSealingTest {
    private static final byte[] CONTEXT = "public code and report".getBytes(StandardCharsets.UTF_8);
    private final SecureRandom random = new SecureRandom();
    private final KeyPair a = KeyPair.fromSeed(seed(1));
    private final KeyPair b = KeyPair.fromSeed(seed(2));
    private final KeyPair c = KeyPair.fromSeed(seed(3));

    private static byte[] seed(int i) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) i);
        return s;
    }

    @Test
    void montgomeryImageOfTheEd25519KeyIsTheX25519KeyOfItsSecret() {
        for (KeyPair k : List.of(a, b, c, KeyPair.generate())) {
            byte[] expected = new byte[32];
            X25519.generatePublicKey(CodeSealing.x25519SecretOf(k), 0, expected, 0);
            assertArrayEquals(expected, CodeSealing.x25519PublicOf(k.publicKey()));
        }
    }

    @Test
    void everyRecipientOpensWhatWasSealed() {
        List<String> sections = List.of("function secret() { return 42; }", "const edge = 'ünïcode';");
        SealedCode s = CodeSealing.seal(sections, List.of(b.publicKey(), a.publicKey()), CONTEXT, random);
        assertEquals(List.of(a.publicKey(), b.publicKey()).stream().sorted().toList(), s.recipients());
        assertEquals(sections, CodeSealing.open(a, s, CONTEXT));
        assertEquals(sections, CodeSealing.open(b, s, CONTEXT));
        SealedCode back = SealedCode.fromBytes(s.toBytes(), 1 << 20);
        assertEquals(s, back);
        assertEquals(sections, CodeSealing.open(a, back, CONTEXT));
    }

    @Test
    void theCiphertextDoesNotContainTheClearText() {
        String secret = "SECRET_STRATEGY_MARKER_" + "x".repeat(40);
        SealedCode s = CodeSealing.seal(List.of(secret), List.of(a.publicKey()), CONTEXT, random);
        String hex = Hex.encode(s.toBytes());
        assertFalse(hex.contains(Hex.encode(secret.getBytes(StandardCharsets.UTF_8))));
        assertFalse(new String(s.toBytes(), StandardCharsets.ISO_8859_1).contains("SECRET_STRATEGY"));
        assertFalse(s.toString().contains("SECRET"));
    }

    @Test
    void aKeyWithoutAWrapCannotOpen() {
        SealedCode s = CodeSealing.seal(List.of("x"), List.of(a.publicKey()), CONTEXT, random);
        CodeSealing.SealingException e = assertThrows(CodeSealing.SealingException.class, () -> CodeSealing.open(c, s, CONTEXT));
        assertTrue(e.getMessage().contains("not wrapped to key " + c.publicKey().hex()), e.getMessage());
    }

    @Test
    void aWrapCopiedUnderAnotherKeyDoesNotAuthenticate() {
        SealedCode s = CodeSealing.seal(List.of("x"), List.of(a.publicKey()), CONTEXT, random);
        SealedCode forged = new SealedCode(1, s.ephemeral(), s.nonce(), s.ciphertext(),
                List.of(new SealedCode.Wrap(c.publicKey(), s.wraps().get(0).wrapped())));
        CodeSealing.SealingException e = assertThrows(CodeSealing.SealingException.class,
                () -> CodeSealing.open(c, forged, CONTEXT));
        assertTrue(e.getMessage().contains("does not authenticate"), e.getMessage());
    }

    @Test
    void aTamperedSectionOrAnotherContextIsRefused() {
        SealedCode s = CodeSealing.seal(List.of("function f() {}"), List.of(a.publicKey()), CONTEXT, random);
        byte[] ct = s.ciphertext();
        ct[3] ^= 1;
        SealedCode tampered = new SealedCode(1, s.ephemeral(), s.nonce(), ct, s.wraps());
        assertNotEquals(s.contentHash(), tampered.contentHash());
        // the wrap is bound to the content hash, so the data key does not even unwrap
        assertThrows(CodeSealing.SealingException.class, () -> CodeSealing.open(a, tampered, CONTEXT));
        CodeSealing.SealingException e = assertThrows(CodeSealing.SealingException.class,
                () -> CodeSealing.open(a, s, "another public code".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("do not authenticate"), e.getMessage());
    }

    @Test
    void rewrapKeepsTheContentAndReachesTheNewServersOnly() {
        SealedCode s = CodeSealing.seal(List.of("body"), List.of(a.publicKey(), b.publicKey()), CONTEXT, random);
        SealedCode moved = CodeSealing.rewrap(a, s, List.of(a.publicKey(), c.publicKey()), random);
        assertEquals(s.contentHash(), moved.contentHash());
        assertArrayEquals(s.ciphertext(), moved.ciphertext());
        assertEquals(List.of("body"), CodeSealing.open(c, moved, CONTEXT));
        assertThrows(CodeSealing.SealingException.class, () -> CodeSealing.open(b, moved, CONTEXT));
    }

    @Test
    void decodingRefusesAnUnknownVersionAndUnsortedWraps() {
        SealedCode s = CodeSealing.seal(List.of("x"), List.of(a.publicKey(), b.publicKey()), CONTEXT, random);
        byte[] bytes = s.toBytes();
        bytes[0] = 2;
        CodecException e = assertThrows(CodecException.class, () -> SealedCode.fromBytes(bytes, 1 << 20));
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
        List<SealedCode.Wrap> reversed = s.wraps().reversed();
        assertThrows(IllegalArgumentException.class,
                () -> new SealedCode(1, s.ephemeral(), s.nonce(), s.ciphertext(), reversed));
        assertThrows(IllegalArgumentException.class,
                () -> CodeSealing.seal(List.of("x"), List.of(), CONTEXT, random));
    }

    @Test
    void noLowOrderEd25519ImageIsAccepted() {
        byte[] one = new byte[32];
        one[0] = 1; // y = 1: the identity, no Montgomery image
        assertThrows(IllegalArgumentException.class, () -> CodeSealing.x25519PublicOf(new PublicKey(one)));
    }
}
