package io.bourse.core.ledger;

import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.types.Address;
import io.bourse.core.types.Amount;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import io.bourse.core.types.TokenId;
import java.util.Objects;

/**
 * A contract as the state holds it (K1, K3, K7, K8). The code itself is stored apart, under
 * {@link StateKeys#contractCode}, and never rewritten; {@code codeHash} is its SHA-256.
 *
 * <pre>
 *   address (20) | creationId (32) | codeHash (32) | string name | manager key (32) | u64 shares
 *   | u64 directSalePrice | u64 managerFeePpm | u8 status | i64 createdAtMillis | i64 nextFeeAtMillis
 *   | i64 closingSinceHeight (−1 when not Closing) | string configJson
 * </pre>
 *
 * @param directSalePrice Coin per whole share for direct purchases (M1)
 * @param managerFeePpm   the weekly manager fee, already cut to contractMaximumManagerFee (K8)
 * @param nextFeeAtMillis block time from which the next weekly operating fee is due (M5)
 */
public record ContractRecord(Address address, Hash creationId, Hash codeHash, String name, PublicKey manager,
                             Amount shares, Amount directSalePrice, long managerFeePpm, ContractStatus status,
                             long createdAtMillis, long nextFeeAtMillis, long closingSinceHeight, String configJson) {
    public ContractRecord {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(creationId, "creationId");
        Objects.requireNonNull(codeHash, "codeHash");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(shares, "shares");
        Objects.requireNonNull(directSalePrice, "directSalePrice");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(configJson, "configJson");
    }

    /** The token of this contract's shares. */
    public TokenId token() {
        return TokenId.shareOf(address);
    }

    ContractRecord withStatus(ContractStatus s, long closingSince) {
        return new ContractRecord(address, creationId, codeHash, name, manager, shares, directSalePrice, managerFeePpm,
                s, createdAtMillis, nextFeeAtMillis, closingSince, configJson);
    }

    ContractRecord withConfig(Amount price, long feePpm, String json) {
        return new ContractRecord(address, creationId, codeHash, name, manager, shares, price, feePpm, status,
                createdAtMillis, nextFeeAtMillis, closingSinceHeight, json);
    }

    ContractRecord withNextFeeAt(long at) {
        return new ContractRecord(address, creationId, codeHash, name, manager, shares, directSalePrice, managerFeePpm,
                status, createdAtMillis, at, closingSinceHeight, configJson);
    }

    public byte[] toBytes() {
        Writer w = new Writer(256 + configJson.length());
        address.encode(w);
        creationId.encode(w);
        codeHash.encode(w);
        w.string(name);
        manager.encode(w);
        shares.encode(w);
        directSalePrice.encode(w);
        w.i64(managerFeePpm);
        w.u8(status.code());
        w.i64(createdAtMillis).i64(nextFeeAtMillis).i64(closingSinceHeight);
        w.string(configJson);
        return w.toByteArray();
    }

    public static ContractRecord fromBytes(byte[] bytes) {
        return Reader.decodeAll(bytes, "contract record", r -> {
            Address a = Address.decode(r, "address");
            Hash creation = Hash.decode(r, "creationId");
            Hash code = Hash.decode(r, "codeHash");
            String name = r.string(Payloads.MAX_TEXT * 4, "name");
            PublicKey manager = PublicKey.decode(r, "manager");
            Amount shares = Amount.decode(r, "shares");
            Amount price = Amount.decode(r, "directSalePrice");
            long fee = r.u63("managerFeePpm");
            ContractStatus st = ContractStatus.fromCode(r.u8("status"));
            return new ContractRecord(a, creation, code, name, manager, shares, price, fee, st,
                    r.i64("createdAt"), r.i64("nextFeeAt"), r.i64("closingSince"),
                    r.string(Payloads.MAX_JSON * 4, "configJson"));
        });
    }
}
