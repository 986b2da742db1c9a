package io.bourse.core.codec;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bourse.core.block.BlockKind;
import io.bourse.core.commitment.PayloadKind;
import io.bourse.core.commitment.Payloads.OptionType;
import io.bourse.core.commitment.Payloads.OrderType;
import io.bourse.core.commitment.Payloads.Side;
import io.bourse.core.crypto.Domain;
import io.bourse.core.ledger.ContractStatus;
import io.bourse.core.ledger.LedgerActions;
import io.bourse.core.ledger.RejectReason;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/**
 * The code table of every enum that reaches canonical bytes or a state key, written out constant
 * by constant (docs/encoding.md, "Enumerations"). Codes are the format: reordering, renumbering or
 * reusing one fails here, and every code outside the table is refused with {@link CodecException}.
 */
class WireCodesTest {

    @Test
    void orderSidesKeepTheirCodesAndRefuseOthers() {
        assertThat(Side.BUY.code()).isEqualTo(0);
        assertThat(Side.SELL.code()).isEqualTo(1);
        assertTable(Side.values(), Side::code, Side::fromCode, "side");
    }

    @Test
    void orderTypesKeepTheirCodesAndRefuseOthers() {
        assertThat(OrderType.LIMIT.code()).isEqualTo(0);
        assertThat(OrderType.MARKET.code()).isEqualTo(1);
        assertThat(OrderType.IMMEDIATE_OR_CANCEL.code()).isEqualTo(2);
        assertThat(OrderType.FILL_OR_KILL.code()).isEqualTo(3);
        assertTable(OrderType.values(), OrderType::code, OrderType::fromCode, "order type");
    }

    @Test
    void optionTypesKeepTheirCodesAndRefuseOthers() {
        assertThat(OptionType.CALL.code()).isEqualTo(0);
        assertThat(OptionType.PUT.code()).isEqualTo(1);
        assertTable(OptionType.values(), OptionType::code, OptionType::fromCode, "option type");
    }

    @Test
    void blockKindsKeepTheirCodesAndRefuseOthers() {
        assertThat(BlockKind.GENESIS.code()).isEqualTo(0);
        assertThat(BlockKind.NORMAL.code()).isEqualTo(1);
        assertThat(BlockKind.SPECIAL.code()).isEqualTo(2);
        assertTable(BlockKind.values(), BlockKind::code, BlockKind::fromCode, "block kind");
    }

    @Test
    void contractStatusesKeepTheirCodesAndRefuseOthers() {
        assertThat(ContractStatus.ACTIVE.code()).isEqualTo(0);
        assertThat(ContractStatus.RESTRICTED.code()).isEqualTo(1);
        assertThat(ContractStatus.CLOSING.code()).isEqualTo(2);
        assertThat(ContractStatus.CLOSED.code()).isEqualTo(3);
        assertTable(ContractStatus.values(), ContractStatus::code, ContractStatus::fromCode, "contract status");
    }

    @Test
    void ledgerActionKindsKeepTheirCodesAndRefuseOthers() {
        assertThat(LedgerActions.Kind.HOLD_TIME_SALE.code()).isEqualTo(1);
        assertThat(LedgerActions.Kind.LIQUIDATION_SALE.code()).isEqualTo(2);
        assertThat(LedgerActions.Kind.DUST_RETURNED.code()).isEqualTo(3);
        assertThat(LedgerActions.Kind.BELOW_INVESTED_RATIO.code()).isEqualTo(4);
        assertThat(LedgerActions.Kind.RESTRICTED.code()).isEqualTo(5);
        assertThat(LedgerActions.Kind.REPURCHASED.code()).isEqualTo(6);
        assertThat(LedgerActions.Kind.RESIDUAL_COIN.code()).isEqualTo(7);
        assertTable(LedgerActions.Kind.values(), LedgerActions.Kind::code, LedgerActions.Kind::fromCode,
                "ledger action kind");
    }

    @Test
    void signingDomainsKeepTheirCodesAndRefuseOthers() {
        assertThat(Domain.COMMITMENT.code()).isEqualTo(0);
        assertThat(Domain.BLOCK.code()).isEqualTo(1);
        assertThat(Domain.PROPOSAL.code()).isEqualTo(2);
        assertThat(Domain.PREPARE.code()).isEqualTo(3);
        assertThat(Domain.COMMIT.code()).isEqualTo(4);
        assertThat(Domain.ROUND_CHANGE.code()).isEqualTo(5);
        assertThat(Domain.HANDSHAKE.code()).isEqualTo(6);
        assertThat(Domain.REPORT.code()).isEqualTo(7);
        assertTable(Domain.values(), Domain::code, Domain::fromCode, "signing domain");
    }

    @Test
    void rejectReasonsKeepTheirCodesAndRefuseOthers() {
        Map<RejectReason, Integer> table = Map.ofEntries(
                entry(RejectReason.NONE, 0),
                entry(RejectReason.INSUFFICIENT_BALANCE, 1),
                entry(RejectReason.SELF_TRANSFER, 2),
                entry(RejectReason.UNKNOWN_CONTRACT, 3),
                entry(RejectReason.CONTRACT_STATE, 4),
                entry(RejectReason.NOT_CONTRACT_MANAGER, 5),
                entry(RejectReason.PRICE_TOO_LOW, 6),
                entry(RejectReason.HOLD_TIME, 7),
                entry(RejectReason.INVESTED_RATIO, 8),
                entry(RejectReason.NOT_COIN_OPERATOR, 9),
                entry(RejectReason.CURRENCY_NOT_ACCEPTED, 10),
                entry(RejectReason.DUPLICATE_PAYMENT_REFERENCE, 11),
                entry(RejectReason.RATES_UNAVAILABLE, 12),
                entry(RejectReason.COIN_CONTRACT_HOLDS_NOTHING, 13),
                entry(RejectReason.NOT_A_SIGNER, 14),
                entry(RejectReason.INVALID_PARAMETERS, 15),
                entry(RejectReason.INVALID_ORDER, 16),
                entry(RejectReason.UNKNOWN_ORDER, 17),
                entry(RejectReason.UNSUPPORTED, 18),
                entry(RejectReason.ARITHMETIC_OVERFLOW, 19),
                entry(RejectReason.MANAGER_SHARE_TOO_LARGE, 20),
                entry(RejectReason.PRICE_ABOVE_LIMIT, 21),
                entry(RejectReason.NOT_EXECUTION_SERVER, 22),
                entry(RejectReason.STALE_EXECUTION_RESULT, 23),
                entry(RejectReason.RATE_OFF_MEDIAN, 24),
                entry(RejectReason.ADDRESS_IN_USE, 25),
                entry(RejectReason.SETTLEMENT_FAILED, 26),
                entry(RejectReason.STORAGE_FULL, 27),
                entry(RejectReason.NOT_RATE_SOURCE, 28),
                entry(RejectReason.UNKNOWN_REDEMPTION, 29),
                entry(RejectReason.PAYOUT_RECORDED, 30),
                entry(RejectReason.SEALED_CODE_INVALID, 31),
                entry(RejectReason.SEALED_CODE_RECIPIENTS, 32),
                entry(RejectReason.REVIEW_REPORT_INVALID, 33),
                entry(RejectReason.NOT_PENDING_CREATION, 34),
                entry(RejectReason.DUPLICATE_APPROVAL, 35),
                entry(RejectReason.DUPLICATE_CODE_CHECK, 36));
        assertThat(table.keySet()).containsExactlyInAnyOrder(RejectReason.values());
        table.forEach((reason, code) -> assertThat(reason.code()).as("%s", reason).isEqualTo(code));
        assertTable(RejectReason.values(), RejectReason::code, RejectReason::fromCode, "reject reason");
    }

    /** Payload kinds carried explicit tags before the other enums had codes; they are pinned the same way. */
    @Test
    void payloadKindsKeepTheirTagsAndRefuseOthers() {
        Map<PayloadKind, Integer> table = Map.ofEntries(
                entry(PayloadKind.TRANSFER, 1),
                entry(PayloadKind.BUY_FROM_CONTRACT, 2),
                entry(PayloadKind.PLACE_ORDER, 3),
                entry(PayloadKind.CANCEL_ORDER, 4),
                entry(PayloadKind.OPTION_WRITE, 5),
                entry(PayloadKind.OPTION_EXERCISE, 6),
                entry(PayloadKind.COIN_PURCHASE, 7),
                entry(PayloadKind.COIN_REDEMPTION, 8),
                entry(PayloadKind.RATE_REPORT, 9),
                entry(PayloadKind.CONTRACT_CONFIG_UPDATE, 10),
                entry(PayloadKind.CONTRACT_CLOSE, 11),
                entry(PayloadKind.CONTRACT_EXECUTION_RESULTS, 12),
                entry(PayloadKind.COIN_CONFIG_UPDATE, 13),
                entry(PayloadKind.COIN_PAYOUT, 14),
                entry(PayloadKind.COIN_RESERVE_REPORT, 15),
                entry(PayloadKind.NETWORK_PARAMETERS, 64),
                entry(PayloadKind.CONTRACT_CREATION, 65),
                entry(PayloadKind.CONTRACT_STATE_CHANGE, 66),
                entry(PayloadKind.ENCRYPTED_CODE_APPROVAL, 67),
                entry(PayloadKind.SEALED_CODE_REWRAP, 32),
                entry(PayloadKind.SEALED_CODE_CHECK, 33));
        assertThat(table.keySet()).containsExactlyInAnyOrder(PayloadKind.values());
        table.forEach((kind, tag) -> assertThat(kind.tag()).as("%s", kind).isEqualTo(tag));
        assertTable(PayloadKind.values(), PayloadKind::tag, PayloadKind::ofTag, "payload kind");
    }

    @Test
    void anUnknownCodeInsideARecordIsRefusedNotMasked() {
        byte[] side = new Writer().u8(2).toByteArray();
        assertThatThrownBy(() -> Side.fromCode(new Reader(side).u8("side"))).isInstanceOf(CodecException.class)
                .hasMessage("side: unknown code 2");
        assertThatThrownBy(() -> OptionType.fromCode(3)).isInstanceOf(CodecException.class)
                .hasMessage("option type: unknown code 3");
    }

    /**
     * Codes are distinct, fit a u8, decode back to their constant, and every other u8 is refused
     * with a message naming the field and the code.
     */
    private static <E> void assertTable(E[] all, ToIntFunction<E> code, IntFunction<E> fromCode, String field) {
        Set<Integer> codes = new HashSet<>();
        for (E e : List.of(all)) {
            int c = code.applyAsInt(e);
            assertThat(c).as("%s", e).isBetween(0, 255);
            assertThat(codes.add(c)).as("%s reuses code %d", e, c).isTrue();
            assertThat(fromCode.apply(c)).isSameAs(e);
        }
        for (int c = 0; c < 256; c++) {
            if (!codes.contains(c)) {
                int unknown = c;
                assertThatThrownBy(() -> fromCode.apply(unknown)).isInstanceOf(CodecException.class)
                        .hasMessageContaining(field).hasMessageContaining(String.valueOf(unknown));
            }
        }
    }
}
