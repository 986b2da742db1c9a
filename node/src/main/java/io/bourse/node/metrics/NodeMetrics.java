package io.bourse.node.metrics;

import io.bourse.core.block.Block;
import io.bourse.core.block.CommitSeal;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.params.NetworkParameters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The node's Prometheus metrics (its own named {@code bourse_*}, plus the JVM's and the process's
 * with {@link #withProcessMetrics}), through Micrometer. Gauges read
 * live values; counters are bumped by the components as things happen.
 */
public final class NodeMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter blocks;
    private final Counter viewChanges;
    private final Counter evidence;
    private final Counter stalled;
    private final Counter shed;
    private final Timer blockInterval;
    private final DistributionSummary sealsPerBlock;
    private final Timer timeToQuorum;
    private volatile long lastBlockMillis;

    public NodeMetrics() {
        blocks = Counter.builder("bourse.blocks.committed").description("Final blocks applied").register(registry);
        viewChanges = Counter.builder("bourse.consensus.view.changes").description("Blocks decided above round 0").register(registry);
        evidence = Counter.builder("bourse.consensus.evidence").description("Equivocations detected (C8)").register(registry);
        stalled = Counter.builder("bourse.consensus.rounds.timed.out").description("Rounds that timed out").register(registry);
        shed = Counter.builder("bourse.consensus.inputs.shed").description("Network inputs dropped because the queue was full").register(registry);
        blockInterval = Timer.builder("bourse.block.interval").description("Time between consecutive final blocks").register(registry);
        timeToQuorum = Timer.builder("bourse.consensus.time.to.quorum")
                .description("From a block's timestamp to the moment this node saw its quorum certificate").register(registry);
        sealsPerBlock = DistributionSummary.builder("bourse.block.signatures").description("Commit signatures per final block").register(registry);
    }

    /**
     * The process's own figures beside the node's (served only by a node with an API, so that a
     * test running many nodes in one JVM does not register them many times): heap and non-heap
     * memory by pool ({@code jvm_memory_used_bytes}), garbage collection pauses, threads, CPU
     * ({@code process_cpu_usage}, {@code system_cpu_usage}) and uptime. Operators watch heap after GC
     * and CPU for growth and saturation (docs/operations.md, the Grafana dashboard).
     */
    public NodeMetrics withProcessMetrics() {
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.UptimeMetrics().bindTo(registry);
        return this;
    }

    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /** A counter read from elsewhere ({@code name} gets Prometheus's {@code _total}). */
    public void counter(String name, String description, Supplier<Number> value) {
        io.micrometer.core.instrument.FunctionCounter.builder(name, value, v -> v.get().doubleValue())
                .description(description).register(registry);
    }

    public void committed(Block b, QuorumCertificate qc, NetworkParameters params, long nowMillis) {
        blocks.increment();
        timeToQuorum.record(Duration.ofMillis(Math.max(0, nowMillis - b.header().timestamp().millis())));
        long ts = b.header().timestamp().millis();
        if (lastBlockMillis > 0 && ts > lastBlockMillis) {
            blockInterval.record(Duration.ofMillis(ts - lastBlockMillis));
        }
        lastBlockMillis = ts;
        sealsPerBlock.record(qc.seals().size());
        if (qc.round() > 0) {
            viewChanges.increment();
        }
        for (CommitSeal s : qc.seals()) {
            Counter.builder("bourse.signer.participation").description("Final blocks each signer sealed")
                    .tag("signer", s.signer().address().text()).register(registry).increment();
        }
    }

    public void rejectedMessage(String reason) {
        Counter.builder("bourse.p2p.messages.rejected").tag("reason", reason).register(registry).increment();
    }

    /** What consensus refused, by the reason's stable code ({@code bourse_consensus_refused_total{reason}}). */
    public void consensusRefused(String reason) {
        Counter.builder("bourse.consensus.refused").description("Consensus messages and blocks this node refused, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    public void admission(String outcome) {
        admission(outcome, 1);
    }

    public void admission(String outcome, long commitments) {
        Counter.builder("bourse.mempool.admissions").description("Commitments offered to the mempool, by outcome")
                .tag("outcome", outcome).register(registry).increment(commitments);
    }

    public void evidence() {
        evidence.increment();
    }

    public void stalledRound() {
        stalled.increment();
    }

    public void shed() {
        shed.increment();
    }

    public String scrape() {
        return registry.scrape();
    }

    /** A constant 1 whose tag carries a fact (a version): Prometheus' info-metric idiom. */
    public void info(String name, String description, String tag, String value) {
        io.micrometer.core.instrument.Gauge.builder(name + ".info", () -> 1).description(description).tag(tag, value)
                .register(registry);
    }

    /** K6: one contract call this execution server ran, by outcome and failure reason, and its statements. */
    public void contractCall(String outcome, String reason, long budgetUsed) {
        Counter.builder("bourse.contracts.calls").description("Contract calls run by this execution server")
                .tag("outcome", outcome).tag("reason", reason).register(registry).increment();
        io.micrometer.core.instrument.DistributionSummary.builder("bourse.contracts.budget.used")
                .description("Statements a contract call executed").register(registry).record(budgetUsed);
    }

    /** K6: the wall time one block's calls took on this execution server. */
    public void contractBlock(long nanos) {
        Timer.builder("bourse.contracts.block.time").description("Time to run one block's contract calls")
                .register(registry).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** K6: a block this execution server skipped because the previous one's calls were still running. */
    public void contractBlocksSkipped() {
        Counter.builder("bourse.contracts.blocks.skipped").description("Blocks skipped by a busy execution server")
                .register(registry).increment();
    }

    /** K6: an execution of a contract this server runs was decided (applied, failed, abstained, diverged). */
    public void contractExecution(String decision) {
        Counter.builder("bourse.contracts.executions").description("Executions decided, of the contracts this server runs")
                .tag("decision", decision).register(registry).increment();
    }
}
