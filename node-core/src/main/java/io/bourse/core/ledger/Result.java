package io.bourse.core.ledger;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The ledger's one idiom for a rule refusing an effect: a value, or the {@link Rejection} that
 * refused it. Every rule check and every effect returns one; nothing else in the ledger says "no".
 *
 * <ul>
 *   <li>{@code Result<Void>}: a rule check, or a step with nothing to hand back ({@link #ok()},
 *       whose value is {@code null}): {@link Authority#check}, {@code Tokens.move}, a transfer,
 *       an option exercise.</li>
 *   <li>{@code Result<T>}: a step that hands back what it did or found: what an order placement
 *       filled, the series an option write wrote into, the contract a rule looked up.</li>
 *   <li>{@code Result<String>}: a whole effect, one per payload kind ({@code Effects.apply},
 *       {@code Execution.apply}): the value is the note of its applied receipt
 *       ({@code Effects.APPLIED}, the note {@value Receipt#APPLIED}, when there is nothing more to
 *       say).</li>
 * </ul>
 *
 * A failed result is passed on with {@link #propagate()} and its value dropped with
 * {@link #withoutValue()}. Only {@link BlockExecution} turns a result into a {@link Receipt}, and
 * keeps the effect's state changes only when it is ok. The mempool reads {@link Authority#check}
 * through {@link #error()}.
 *
 * <p><b>Refusals are values; overflow and broken invariants are exceptions.</b> A refusal a rule
 * expects to make (a balance too low, a contract in the wrong state, an order off the grid) is a
 * failed {@code Result}, never an exception. An amount out of range ({@link ArithmeticException}
 * from {@link io.bourse.core.types.Amount} and {@code Math.*Exact}) and a settlement that the
 * ledger's own bookkeeping guarantees but that failed ({@link SettlementFailure}, thrown by
 * {@link #orSettlementFailure}) are exceptions: no rule decides them, so they are not threaded
 * through every step. For a commitment the block executor contains them where it applies one
 * ({@code BlockExecution.tentatively}) into a rejected receipt
 * ({@link RejectReason#ARITHMETIC_OVERFLOW}, {@link RejectReason#SETTLEMENT_FAILED}); the work at
 * the start of a block (fees, option expiry, Closing) contains them by discarding that piece of
 * work instead of failing the block.
 */
public record Result<T>(T value, Rejection rejection) {
    private static final Result<Void> OK = new Result<>(null, null);

    public Result {
        if (rejection != null && value != null) {
            throw new IllegalArgumentException("a refused result has no value");
        }
    }

    /** Ok with nothing to hand back. */
    public static Result<Void> ok() {
        return OK;
    }

    public static <T> Result<T> ok(T value) {
        return new Result<>(Objects.requireNonNull(value, "value"), null);
    }

    public static <T> Result<T> fail(Rejection r) {
        return new Result<>(null, Objects.requireNonNull(r, "rejection"));
    }

    static <T> Result<T> fail(RejectReason reason, String message) {
        return fail(new Rejection(reason, message));
    }

    public boolean failed() {
        return rejection != null;
    }

    /** The rejection, if refused. */
    public Optional<Rejection> error() {
        return Optional.ofNullable(rejection);
    }

    /** This refusal as a result of another type, to pass it on. Only for a failed result. */
    <U> Result<U> propagate() {
        if (!failed()) {
            throw new IllegalStateException("only a refusal is passed on");
        }
        return fail(rejection);
    }

    /** The value transformed if ok (the function may ignore a {@code Void} value); the refusal otherwise. */
    <U> Result<U> map(Function<? super T, ? extends U> f) {
        return failed() ? fail(rejection) : ok(f.apply(value));
    }

    /** The same outcome without the value. */
    Result<Void> withoutValue() {
        return failed() ? fail(rejection) : ok();
    }

    /**
     * The value, where the ledger's own bookkeeping guarantees success (reserved funds, an option
     * pool, a settlement): a refusal here is a broken invariant and throws
     * {@link SettlementFailure} with {@code context} + the rejection's message.
     */
    T orSettlementFailure(String context) {
        if (failed()) {
            throw new SettlementFailure(context + rejection.message());
        }
        return value;
    }
}
