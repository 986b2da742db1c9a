package io.bourse.core.ledger;

import io.bourse.core.commitment.Commitment;
import io.bourse.core.commitment.Payloads;
import io.bourse.core.commitment.SealedCodeCheck;
import io.bourse.core.commitment.SealedCodeRewrap;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.state.StateReader;
import io.bourse.core.types.Address;

/**
 * Who may submit what: the one rule that both the ledger (when a block executes) and the mempool
 * (at admission, so that a payload nobody authorised can never take a block's place, however many
 * fresh keys send it) apply. Payloads not listed here may be sent by any key holder.
 *
 * <pre>
 *   network parameters, contract creation, restrict/activate, code approval   a Block Signer (C6, K1, K2, K4)
 *   coin purchase attestation, Coin Contract configuration, payout record,
 *   reserve report                                                            the Coin Contract Operator (N2, N3, N6)
 *   rate report                                                               a registered rate source (N4)
 *   contract execution result                                                 a Contract Execution Server (K6)
 *   sealed code re-wrap                                                       a key the contract's data key is wrapped to (K2)
 *   sealed code check                                                         an execution server in force the pending
 *                                                                             creation's data key is wrapped to (K2)
 *   contract configuration, close                                             the contract's manager (K7)
 * </pre>
 *
 * The parameters are those in force for the block (at admission: for the next block); the state
 * is the state the commitment applies to.
 */
public final class Authority {
    private Authority() {
    }

    /** Ok, or the rule that refuses {@code c} from its sender. */
    public static Result<Void> check(Commitment c, NetworkParameters p, StateReader s) {
        return switch (c.payload()) {
            case Payloads.NetworkParametersUpdate u -> signer(c, p, "only a Block Signer proposes network parameters (C6)");
            case Payloads.ContractCreation cc -> signer(c, p, "only a Block Signer submits a contract creation (K1)");
            case Payloads.ContractStateChange sc -> signer(c, p, "only a Block Signer changes a contract's state (K4)");
            case Payloads.EncryptedCodeApproval a -> signer(c, p, "only a Block Signer approves encrypted code (K2)");
            case Payloads.CoinPurchase cp -> coinOperator(c, p, "only the Coin Contract Operator attests coin purchases (N2)");
            case Payloads.CoinConfigUpdate u -> coinOperator(c, p,
                    "only the Coin Contract Operator changes the Coin Contract's configuration (N2)");
            case Payloads.CoinPayout po -> coinOperator(c, p, "only the Coin Contract Operator records payouts (N3)");
            case Payloads.CoinReserveReport rr -> coinOperator(c, p,
                    "only the Coin Contract Operator publishes reserve reports (N6)");
            case Payloads.RateReport r -> p.isRateSource(c.sender()) ? Result.ok()
                    : deny(RejectReason.NOT_RATE_SOURCE, "key " + c.senderAddress() + " is not a registered rate "
                            + "source: only the keys in the parameters' rateSources report rates (N4)");
            case Payloads.ContractExecutionResults r -> p.executionServers().contains(c.sender()) ? Result.ok()
                    : deny(RejectReason.NOT_EXECUTION_SERVER,
                            "only a Contract Execution Server submits a New Block Action result (K6)");
            case SealedCodeRewrap r -> SealedCreations.rewrapper(c, s, r);
            case SealedCodeCheck k -> SealedCreations.checker(c, p, s, k);
            case Payloads.ContractConfigUpdate u -> manager(c, s, u.contract());
            case Payloads.ContractClose cl -> manager(c, s, cl.contract());
            default -> Result.ok();
        };
    }

    private static Result<Void> coinOperator(Commitment c, NetworkParameters p, String why) {
        return c.sender().equals(p.coinContractOperator()) ? Result.ok() : deny(RejectReason.NOT_COIN_OPERATOR, why);
    }

    private static Result<Void> signer(Commitment c, NetworkParameters p, String why) {
        return p.isSigner(c.sender()) ? Result.ok() : deny(RejectReason.NOT_A_SIGNER, why);
    }

    private static Result<Void> manager(Commitment c, StateReader s, Address contract) {
        Result<ContractRecord> rec = Contracts.known(s, contract);
        if (rec.failed()) {
            return rec.propagate();
        }
        return c.sender().equals(rec.value().manager()) ? Result.ok()
                : deny(RejectReason.NOT_CONTRACT_MANAGER, "only the manager of " + contract
                        + " closes it or changes its configuration (K7)");
    }

    private static Result<Void> deny(RejectReason reason, String message) {
        return Result.fail(reason, message);
    }
}
