package io.bourse.vm;

import com.oracle.truffle.api.instrumentation.TruffleInstrument;
import com.oracle.truffle.api.instrumentation.provider.TruffleInstrumentProvider;
import java.util.Collection;
import java.util.List;
import org.graalvm.polyglot.SandboxPolicy;

/**
 * Registers {@link MeterInstrument} with Truffle (found through
 * {@code META-INF/services/com.oracle.truffle.api.instrumentation.provider.TruffleInstrumentProvider}).
 * Truffle's annotation processor would generate this class; it is written by hand so that the
 * build needs no processor. {@code sandbox = CONSTRAINED}: the instrument gives the guest nothing,
 * it only counts and stops, so the CONSTRAINED policy may load it.
 */
@TruffleInstrument.Registration(id = MeterInstrument.ID, name = "Bourse contract meter", services = Meter.class,
        sandbox = SandboxPolicy.CONSTRAINED)
public final class MeterInstrumentProvider extends TruffleInstrumentProvider {
    public MeterInstrumentProvider() {
    }

    @Override
    protected String getInstrumentClassName() {
        return MeterInstrument.class.getName();
    }

    @Override
    protected Object create() {
        return new MeterInstrument();
    }

    @Override
    protected Collection<String> getServicesClassNames() {
        return List.of(Meter.class.getName());
    }
}
