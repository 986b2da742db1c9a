package io.bourse.core.commitment;

import io.bourse.core.codec.Reader;
import io.bourse.core.codec.Writer;

/**
 * What a commitment asks for. The encoding is the kind's tag then the kind's fields; see
 * docs/encoding.md. Effects live in the ledger; these records only hold validated fields.
 */
public sealed interface Payload permits Payloads.Transfer, Payloads.BuyFromContract, Payloads.PlaceOrder,
        Payloads.CancelOrder, Payloads.OptionWrite, Payloads.OptionExercise, Payloads.CoinPurchase,
        Payloads.CoinRedemption, Payloads.RateReport, Payloads.CoinConfigUpdate, Payloads.CoinPayout,
        Payloads.CoinReserveReport, Payloads.ContractConfigUpdate, Payloads.ContractClose,
        Payloads.ContractExecutionResults, Payloads.NetworkParametersUpdate, Payloads.ContractCreation,
        Payloads.ContractStateChange, Payloads.EncryptedCodeApproval, SealedCodeRewrap,
        SealedCodeCheck {

    PayloadKind kind();

    /** The fields after the tag. */
    void encodeFields(Writer w);

    default void encode(Writer w) {
        w.u8(kind().tag());
        encodeFields(w);
    }

    static Payload decode(Reader r) {
        return Payloads.decode(PayloadKind.ofTag(r.u8("payload kind")), r);
    }
}
