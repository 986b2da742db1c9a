package io.bourse.vm;

import com.oracle.truffle.api.CompilerDirectives;
import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.instrumentation.EventContext;
import com.oracle.truffle.api.instrumentation.ExecutionEventNode;
import com.oracle.truffle.api.instrumentation.SourceSectionFilter;
import com.oracle.truffle.api.instrumentation.StandardTags.RootTag;
import com.oracle.truffle.api.instrumentation.StandardTags.StatementTag;
import com.oracle.truffle.api.instrumentation.Tag;
import com.oracle.truffle.api.instrumentation.TruffleInstrument;
import com.oracle.truffle.api.source.SourceSection;

/**
 * The Truffle instrument behind {@link Meter} (K6: metering). It puts a probe on every statement
 * and every function frame of non-internal JavaScript and, on the calling thread:
 * <ul>
 *   <li>counts statements and stops the call past its budget;</li>
 *   <li>counts frames (entered minus left, generators' yields and resumes included) and stops the
 *       call beyond {@link Meter#MAX_DEPTH}, long before the JVM's stack could overflow, so that
 *       a contract catching and retrying deep recursion cannot spin;</li>
 *   <li>watches exceptions leaving statements and frames for a host stack overflow, which makes
 *       the server abstain instead of answering with what this server's stack allowed;</li>
 *   <li>stops any code whose source is neither the prelude nor the contract ({@link #SOURCE_PREFIX}).</li>
 * </ul>
 * A stop unwinds with {@link Meter.Stopped}, which the instrumentation framework passes on as it
 * is (exceptions from event nodes propagate since Truffle 21.3). Replaces {@code ResourceLimits}, which counts
 * the same statements but cannot say how many ran, and is no more expensive (docs/contracts.md).
 * {@code ExecutionListener}s would do the counting but are refused by the CONSTRAINED sandbox
 * policy; this instrument declares itself safe for it ({@link MeterInstrumentProvider}).
 */
final class MeterInstrument extends TruffleInstrument {
    static final String ID = "bourse-meter";
    /** Sources allowed to run: the prelude and the contract's code are named with this prefix. */
    static final String SOURCE_PREFIX = "bourse:";

    @Override
    protected void onCreate(Env env) {
        Meter meter = new Meter();
        env.registerService(meter);
        env.getInstrumenter().attachExecutionEventFactory(filter(StatementTag.class),
                ec -> own(ec) ? new StatementProbe(meter) : new ForeignCode(meter));
        env.getInstrumenter().attachExecutionEventFactory(filter(RootTag.class),
                ec -> own(ec) ? new FrameProbe(meter) : new ForeignCode(meter));
    }

    private static SourceSectionFilter filter(Class<? extends Tag> tag) {
        return SourceSectionFilter.newBuilder().tagIs(tag).includeInternal(false).build();
    }

    private static boolean own(EventContext ec) {
        SourceSection s = ec.getInstrumentedSourceSection();
        return s == null || s.getSource().getName().startsWith(SOURCE_PREFIX);
    }

    /** Counts a statement; notices a stack overflow unwinding through it. */
    private static final class StatementProbe extends ExecutionEventNode {
        private final Meter meter;

        StatementProbe(Meter meter) {
            this.meter = meter;
        }

        @Override
        protected void onEnter(VirtualFrame frame) {
            if (++meter.count > meter.limit) {
                CompilerDirectives.transferToInterpreter();
                throw meter.stop(Meter.Stop.BUDGET);
            }
        }

        @Override
        protected void onReturnExceptional(VirtualFrame frame, Throwable exception) {
            if (!(exception instanceof Meter.Stopped) && Meter.isStackOverflow(exception)) {
                CompilerDirectives.transferToInterpreter();
                meter.stackOverflowed();
            }
        }
    }

    /** Counts a frame in and out. */
    private static final class FrameProbe extends ExecutionEventNode {
        private final Meter meter;

        FrameProbe(Meter meter) {
            this.meter = meter;
        }

        @Override
        protected void onEnter(VirtualFrame frame) {
            enter();
        }

        @Override
        protected void onResume(VirtualFrame frame) {
            enter();
        }

        private void enter() {
            if (++meter.depth > Meter.MAX_DEPTH || meter.limit < 0) {
                CompilerDirectives.transferToInterpreter();
                throw meter.stop(Meter.Stop.DEPTH);
            }
        }

        @Override
        protected void onReturnValue(VirtualFrame frame, Object result) {
            meter.depth--;
        }

        @Override
        protected void onYield(VirtualFrame frame, Object value) {
            meter.depth--;
        }

        @Override
        protected void onReturnExceptional(VirtualFrame frame, Throwable exception) {
            meter.depth--;
            if (!(exception instanceof Meter.Stopped) && Meter.isStackOverflow(exception)) {
                CompilerDirectives.transferToInterpreter();
                meter.stackOverflowed();
            }
        }
    }

    /** Any statement or frame of code that is not the contract's or the prelude's stops the call. */
    private static final class ForeignCode extends ExecutionEventNode {
        private final Meter meter;

        ForeignCode(Meter meter) {
            this.meter = meter;
        }

        @Override
        protected void onEnter(VirtualFrame frame) {
            CompilerDirectives.transferToInterpreter();
            throw meter.stop(Meter.Stop.FOREIGN_CODE);
        }
    }
}
