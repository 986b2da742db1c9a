package io.bourse.core.types;

import static io.bourse.core.testing.CodecChecks.assertRefusedCleanlyOrCanonical;
import static io.bourse.core.testing.CodecChecks.assertRoundTrip;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bourse.core.codec.CodecException;
import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import io.bourse.core.testing.CodecChecks;
import io.bourse.core.testing.CoreArbitraries;
import java.util.function.BiConsumer;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

// covers: C1 (canonical encoding of the core values)
class ValueCodecTest {

    static <T> Function<T, byte[]> enc(BiConsumer<T, Writer> encode) {
        return v -> {
            Writer w = new Writer();
            encode.accept(v, w);
            return w.toByteArray();
        };
    }

    static <T> Function<byte[], T> dec(String what, Function<Reader, T> decode) {
        return b -> Reader.decodeAll(b, what, decode);
    }

    static final Function<Hash, byte[]> HASH_ENC = enc((v, w) -> v.encode(w));
    static final Function<byte[], Hash> HASH_DEC = dec("hash", r -> Hash.decode(r, "hash"));
    static final Function<PublicKey, byte[]> KEY_ENC = enc((v, w) -> v.encode(w));
    static final Function<byte[], PublicKey> KEY_DEC = dec("key", r -> PublicKey.decode(r, "key"));
    static final Function<Signature, byte[]> SIG_ENC = enc((v, w) -> v.encode(w));
    static final Function<byte[], Signature> SIG_DEC = dec("sig", r -> Signature.decode(r, "sig"));
    static final Function<Address, byte[]> ADDR_ENC = enc((v, w) -> v.encode(w));
    static final Function<byte[], Address> ADDR_DEC = dec("address", r -> Address.decode(r, "address"));
    static final Function<Amount, byte[]> AMOUNT_ENC = enc((v, w) -> v.encode(w));
    static final Function<byte[], Amount> AMOUNT_DEC = dec("amount", r -> Amount.decode(r, "amount"));
    static final Function<ChainId, byte[]> CHAIN_ENC = enc((v, w) -> v.encode(w));
    static final Function<byte[], ChainId> CHAIN_DEC = dec("chainId", r -> ChainId.decode(r, "chainId"));
    static final Function<TokenId, byte[]> TOKEN_ENC = enc((v, w) -> v.encode(w));
    static final Function<byte[], TokenId> TOKEN_DEC = dec("token", r -> TokenId.decode(r, "token"));

    @Property
    void hashRoundTrips(@ForAll("hashes") Hash h) {
        assertRoundTrip(h, HASH_ENC, HASH_DEC);
    }

    @Property
    void publicKeyRoundTrips(@ForAll("publicKeys") PublicKey k) {
        assertRoundTrip(k, KEY_ENC, KEY_DEC);
    }

    @Property
    void signatureRoundTrips(@ForAll("signatures") Signature s) {
        assertRoundTrip(s, SIG_ENC, SIG_DEC);
    }

    @Property
    void addressRoundTrips(@ForAll("addresses") Address a) {
        assertRoundTrip(a, ADDR_ENC, ADDR_DEC);
    }

    @Property
    void amountRoundTrips(@ForAll("amounts") Amount a) {
        assertRoundTrip(a, AMOUNT_ENC, AMOUNT_DEC);
    }

    @Property
    void chainIdRoundTrips(@ForAll("chainIds") ChainId c) {
        assertRoundTrip(c, CHAIN_ENC, CHAIN_DEC);
    }

    @Property
    void tokenIdRoundTrips(@ForAll("tokenIds") TokenId t) {
        assertRoundTrip(t, TOKEN_ENC, TOKEN_DEC);
    }

    @Property
    void damagedFixedWidthValuesAreRefusedCleanly(@ForAll("damagedFixed") byte[] b) {
        assertRefusedCleanlyOrCanonical(b, HASH_DEC, HASH_ENC);
        assertRefusedCleanlyOrCanonical(b, KEY_DEC, KEY_ENC);
        assertRefusedCleanlyOrCanonical(b, SIG_DEC, SIG_ENC);
        assertRefusedCleanlyOrCanonical(b, ADDR_DEC, ADDR_ENC);
        assertRefusedCleanlyOrCanonical(b, TOKEN_DEC, TOKEN_ENC);
    }

    @Property
    void damagedAmountsAreRefusedCleanly(@ForAll("damagedAmounts") byte[] b) {
        assertRefusedCleanlyOrCanonical(b, AMOUNT_DEC, AMOUNT_ENC);
    }

    @Property
    void damagedChainIdsAreRefusedCleanly(@ForAll("damagedChainIds") byte[] b) {
        assertRefusedCleanlyOrCanonical(b, CHAIN_DEC, CHAIN_ENC);
    }

    @Test
    void negativeAmountIsRefusedAsCodecError() {
        byte[] minusOne = new Writer().i64(-1).toByteArray();
        assertThatThrownBy(() -> AMOUNT_DEC.apply(minusOne)).isInstanceOf(CodecException.class)
                .hasMessageContaining("negative");
    }

    @Test
    void chainIdOutsideItsAlphabetIsRefusedAsCodecError() {
        byte[] upper = new Writer().string("Main").toByteArray();
        assertThatThrownBy(() -> CHAIN_DEC.apply(upper)).isInstanceOf(CodecException.class);
        byte[] tooLong = new Writer().string("a".repeat(33)).toByteArray();
        assertThatThrownBy(() -> CHAIN_DEC.apply(tooLong)).isInstanceOf(CodecException.class)
                .hasMessageContaining("limit");
    }

    @Provide Arbitrary<Hash> hashes() { return CoreArbitraries.hashes(); }
    @Provide Arbitrary<PublicKey> publicKeys() { return CoreArbitraries.publicKeys(); }
    @Provide Arbitrary<Signature> signatures() { return CoreArbitraries.signatures(); }
    @Provide Arbitrary<Address> addresses() { return CoreArbitraries.addresses(); }
    @Provide Arbitrary<Amount> amounts() { return CoreArbitraries.amounts(); }
    @Provide Arbitrary<ChainId> chainIds() { return CoreArbitraries.chainIds(); }
    @Provide Arbitrary<TokenId> tokenIds() { return CoreArbitraries.tokenIds(); }

    @Provide
    Arbitrary<byte[]> damagedFixed() {
        return CodecChecks.hostile(Arbitraries.oneOf(CoreArbitraries.hashes().map(HASH_ENC),
                CoreArbitraries.addresses().map(ADDR_ENC), CoreArbitraries.signatures().map(SIG_ENC)), b -> b);
    }

    @Provide
    Arbitrary<byte[]> damagedAmounts() {
        return CodecChecks.hostile(CoreArbitraries.amounts(), AMOUNT_ENC);
    }

    @Provide
    Arbitrary<byte[]> damagedChainIds() {
        return CodecChecks.hostile(CoreArbitraries.chainIds(), CHAIN_ENC);
    }
}
