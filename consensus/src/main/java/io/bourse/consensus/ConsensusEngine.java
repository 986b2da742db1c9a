package io.bourse.consensus;

import io.bourse.consensus.ConsensusMessage.Commit;
import io.bourse.consensus.ConsensusMessage.FinalBlock;
import io.bourse.consensus.ConsensusMessage.Prepare;
import io.bourse.consensus.ConsensusMessage.Proposal;
import io.bourse.consensus.ConsensusMessage.RoundChange;
import io.bourse.consensus.ConsensusMessage.Signed;
import io.bourse.consensus.Effect.Broadcast;
import io.bourse.consensus.Effect.SetTimer;
import io.bourse.consensus.Input.BlockSynced;
import io.bourse.consensus.Input.MessageReceived;
import io.bourse.consensus.Input.Start;
import io.bourse.consensus.Input.TimerFired;
import io.bourse.core.block.Block;
import io.bourse.core.block.CommitSeal;
import io.bourse.core.block.QuorumCertificate;
import io.bourse.core.block.Refusal;
import io.bourse.core.block.Refusal.Reason;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.crypto.SignatureVerifier;
import io.bourse.core.params.NetworkParameters;
import io.bourse.core.types.BlockHeight;
import io.bourse.core.types.Hash;
import io.bourse.core.types.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The consensus protocol of docs/consensus.md as a pure state machine: one {@link Input} in, the
 * {@link Effect}s out, no threads, clock or I/O (the {@link Application} and {@link SigningJournal}
 * ports excepted). Not thread-safe: one driver thread feeds it. Final blocks are committed
 * synchronously through {@link Application#commit} and then reported as {@link Effect.Committed}.
 */
public final class ConsensusEngine {
    /** Messages for rounds further ahead than this are dropped (bounded memory per height). */
    static final int MAX_ROUNDS_AHEAD = 10_000;

    /**
     * A deliberately broken rule, to show that the model check and the simulator catch it
     * (docs/consensus.md, "Model check"). A node always runs {@link #NONE}.
     */
    public enum Flaw {
        NONE,
        /** Rule 5 dropped on both sides: round-change proposers and their receivers ignore prepared certificates. */
        IGNORE_PREPARED_CERTIFICATES
    }

    private final KeyPair key;
    private final Application app;
    private final Flaw flaw;
    private final SigningJournal journal;
    private final Rules rules;
    private final FutureBuffer future = new FutureBuffer();
    private final EvidenceLog evidence = new EvidenceLog();
    private final SyncThrottle syncThrottle = new SyncThrottle();
    private List<Effect> out = new ArrayList<>();

    private boolean started;
    private NetworkParameters params;
    private ChainHead head;
    private long height;
    private int round;
    private HeightState state = new HeightState();
    private Optional<JournalEntry> signed = Optional.empty();
    private Optional<PreparedCertificate> lock = Optional.empty();
    private Optional<FinalBlock> lastFinal = Optional.empty();
    private long roundDeadline;
    private long viewChanges;
    private int lastFaultTolerance = -1;

    public ConsensusEngine(KeyPair key, Application app, SigningJournal journal, SignatureVerifier verifier) {
        this(key, app, journal, verifier, Flaw.NONE);
    }

    /** With a deliberate flaw: for the model check's negative test only. */
    public ConsensusEngine(KeyPair key, Application app, SigningJournal journal, SignatureVerifier verifier, Flaw flaw) {
        this.key = key;
        this.app = app;
        this.journal = journal;
        this.rules = new Rules(verifier, flaw == Flaw.IGNORE_PREPARED_CERTIFICATES);
        this.flaw = flaw;
    }

    public ConsensusEngine(KeyPair key, Application app, SigningJournal journal) {
        this(key, app, journal, SignatureVerifier.ED25519);
    }

    /** Handles one input; returns what to do, in order. Inputs before {@link Start} are ignored. */
    public List<Effect> handle(Input input) {
        out = new ArrayList<>();
        switch (input) {
            case Start s -> start(s.now());
            case MessageReceived m -> {
                if (started) {
                    onMessage(m);
                }
            }
            case TimerFired t -> {
                if (started) {
                    onTimer(t);
                }
            }
            case BlockSynced b -> {
                if (started) {
                    onMessage(new MessageReceived(key.publicKey(), new FinalBlock(b.block(), b.certificate()), b.now()));
                }
            }
        }
        drainFuture();
        List<Effect> result = out;
        out = new ArrayList<>();
        return result;
    }

    private void start(long now) {
        if (started) {
            return;
        }
        started = true;
        signed = journal.load();
        enterHeight(app.head().height() + 1, now);
    }

    // ---------------------------------------------------------------- heights and rounds

    private void enterHeight(long h, long now) {
        height = h;
        head = app.head();
        params = app.parametersFor(h);
        state = new HeightState();
        lock = signed.filter(e -> e.height() == h).flatMap(JournalEntry::lock);
        int f = params.faultTolerance();
        if (f == 0 && lastFaultTolerance != 0) {
            out.add(new Effect.Warning("the parameters at height " + h + " (" + params.blockSigners().size()
                    + " signers, quorum " + params.quorum() + ") tolerate f = 0 faulty signers: one silent signer can halt the chain"));
        }
        lastFaultTolerance = f;
        round = 0;
        roundDeadline = 0;
        if (!isSigner()) {
            return;
        }
        int resume = signed.filter(e -> e.height() == h).map(JournalEntry::round).orElse(0);
        if (resume == 0) {
            out.add(new SetTimer(TimerKind.BLOCK_DUE, h, 0, head.timestampMillis() + params.blockGenerationTimeMillis()));
        }
        enterRound(resume, now);
        if (resume > 0) {
            sendRoundChange(); // announce again after a restart: peers may have missed it
        }
    }

    private void enterRound(int r, long now) {
        if (r > 0) {
            viewChanges++;
        }
        round = r;
        roundDeadline = now + Rules.roundTimeout(params, r);
        out.add(new SetTimer(TimerKind.ROUND_TIMEOUT, height, r, roundDeadline));
    }

    /** Round change (rule 4 and 6): remember the round, then say so with the lock. */
    private void moveToRound(int r, long now) {
        saveJournal(r, Optional.empty());
        enterRound(r, now);
        sendRoundChange();
    }

    private void sendRoundChange() {
        RoundChange rc = RoundChange.sign(key, params.chainId(), height, round, lock);
        state.record(rc);
        out.add(new Broadcast(rc));
    }

    private void onTimer(TimerFired t) {
        if (t.height() != height || t.round() != round || !isSigner()) {
            return; // stale: another height or round
        }
        switch (t.kind()) {
            case BLOCK_DUE -> {
                if (isProposer(0) && !state.proposed(0)) {
                    proposeNew(t.now());
                }
            }
            case ROUND_TIMEOUT -> {
                out.add(new Effect.Stalled(height, round, StatusLines.stalled(state, params, key.publicKey(), height, round)));
                if (future.holds(height + 1)) {
                    requestSync(height + 1, t.now()); // others moved on without us
                }
                moveToRound(round + 1, t.now());
            }
        }
        progress(t.now());
    }

    // ---------------------------------------------------------------- messages

    private void onMessage(MessageReceived in) {
        ConsensusMessage m = in.message();
        long now = in.now();
        if (m.height() > height) {
            future.add(in, height);
            if (m instanceof FinalBlock || m.height() > height + 1) {
                requestSync(m.height(), now);
            }
            return;
        }
        if (m.height() < height) {
            helpLaggard(in.from(), m);
            return;
        }
        switch (m) {
            case FinalBlock fb -> onFinalBlock(fb.block(), fb.certificate(), now);
            case Signed s -> {
                if (isSigner() && !s.sender().equals(key.publicKey()) && s.round() <= round + MAX_ROUNDS_AHEAD) {
                    Optional<Refusal> refused = rules.checkSigned(s, params);
                    if (refused.isPresent()) {
                        refuse(s, refused.get());
                    } else {
                        onSigned(s, now);
                    }
                }
            }
        }
    }

    private void onSigned(Signed s, long now) {
        switch (s) {
            case Proposal p -> onProposal(p, now);
            case RoundChange rc -> onRoundChange(rc, now);
            case Prepare p -> {
                if (record(p)) {
                    progress(now);
                }
            }
            case Commit c -> {
                if (record(c)) {
                    progress(now);
                }
            }
        }
    }

    private void onProposal(Proposal p, long now) {
        if (!p.sender().equals(params.candidate(p.round()))) {
            refuse(p, Refusal.of(Reason.WRONG_PROPOSER, "the proposer of round " + p.round() + " is "
                    + params.candidate(p.round()).address()));
            return;
        }
        if (!record(p)) {
            return;
        }
        state.addBlock(p.block(), false);
        if (p.round() >= round) {
            Optional<Refusal> refused = checkProposal(p, now);
            if (refused.isPresent()) {
                refuse(p, refused.get());
                return;
            }
            if (p.round() > round) {
                enterRound(p.round(), now); // rule 6: a justified proposal for a later round moves us there
            }
            acceptAndPrepare(p.round(), p.block());
        }
        progress(now);
    }

    private Optional<Refusal> checkProposal(Proposal p, long now) {
        Block b = p.block();
        if (!b.header().parentHash().equals(head.hash())) {
            return Optional.of(Refusal.of(Reason.NOT_ON_HEAD, "proposal is not on the head"));
        }
        if (p.round() == 0 && !b.header().generator().equals(p.sender())) {
            return Optional.of(Refusal.of(Reason.WRONG_PROPOSER, "round-0 block not generated by the proposer"));
        }
        if (p.round() > 0) {
            Optional<Refusal> j = rules.checkJustification(p, params, app);
            if (j.isPresent()) {
                return j;
            }
        }
        return validate(b, now);
    }

    private Optional<Refusal> validate(Block b, long now) {
        return validate(b, now, false);
    }

    private Optional<Refusal> validate(Block b, long now, boolean certified) {
        if (state.isValidated(b.hash())) {
            return Optional.empty();
        }
        Optional<Refusal> v = certified ? app.validateCertified(b, now) : app.validate(b, now);
        if (v.isEmpty()) {
            state.addBlock(b, true);
        }
        return v;
    }

    private void onRoundChange(RoundChange rc, long now) {
        if (rc.prepared().isPresent()) {
            Optional<Refusal> refused = rules.checkRoundChange(rc, params);
            if (refused.isPresent()) {
                refuse(rc, refused.get());
                return;
            }
        }
        if (!record(rc)) {
            return;
        }
        rc.prepared().ifPresent(pc -> state.addBlock(pc.block(), false));
        if (rc.round() > round) {
            List<Integer> ahead = state.highestRoundsAbove(round);
            int f = params.faultTolerance();
            if (ahead.size() >= f + 1) {
                moveToRound(ahead.get(f), now); // rule 6: f+1 signers are at this round or later
            }
        }
        progress(now);
    }

    private void onFinalBlock(Block block, QuorumCertificate qc, long now) {
        Optional<Refusal> refused = rules.checkQuorumCertificate(qc, block, params).or(() -> validate(block, now, true));
        if (refused.isPresent()) {
            out.add(new Effect.Refused("final block " + block.height() + " " + block.hash(), refused.get()));
            return;
        }
        commitAndAdvance(block, qc, now, false);
    }

    private void refuse(Signed m, Refusal why) {
        out.add(new Effect.Refused(m.describe(), why));
    }

    /** Records a verified message; reports equivocation. True when the message is new. */
    private boolean record(Signed s) {
        HeightState.Seen seen = state.record(s);
        if (seen == HeightState.Seen.CONFLICT) {
            Evidence e = new Evidence(s.sender(), height, s.round(), state.first(s).orElseThrow(), s);
            if (evidence.add(e)) {
                out.add(new Effect.EvidenceFound(e));
            }
        }
        return seen == HeightState.Seen.NEW;
    }

    // ---------------------------------------------------------------- the protocol's steps

    /** Applies rules 2, 3 and 5 until nothing changes. */
    private void progress(long now) {
        boolean changed = true;
        while (changed) {
            changed = isSigner() && (stepPrepared() || stepFinal(now) || stepProposeAfterRoundChange(now));
        }
    }

    /** Rule 2: a quorum prepared what we accepted this round: lock and commit. */
    private boolean stepPrepared() {
        Optional<Block> accepted = state.accepted(round);
        if (accepted.isEmpty() || state.committed(round)) {
            return false;
        }
        Hash hash = accepted.get().hash();
        List<Prepare> prepares = state.prepares(round, hash);
        if (prepares.size() < params.quorum() || !maySign(round, hash)) {
            return false;
        }
        state.markCommitted(round);
        lock = Optional.of(new PreparedCertificate(round, accepted.get(), prepares.subList(0, params.quorum())));
        saveJournal(round, Optional.of(hash));
        Commit c = Commit.sign(key, params.chainId(), height, round, hash);
        state.record(c);
        out.add(new Broadcast(c));
        return true;
    }

    /** Rule 3: quorum-many commits for a known block, in any round of this height: it is final. */
    private boolean stepFinal(long now) {
        TreeMap<Integer, TreeMap<Hash, List<Commit>>> groups = new TreeMap<>();
        for (Commit c : state.allCommits()) {
            groups.computeIfAbsent(c.round(), k -> new TreeMap<>()).computeIfAbsent(c.blockHash(), k -> new ArrayList<>()).add(c);
        }
        for (List<Commit> group : groups.values().stream().flatMap(m -> m.values().stream()).toList()) {
            Commit first = group.get(0);
            Optional<Block> block = state.block(first.blockHash());
            if (group.size() < params.quorum() || block.isEmpty() || state.rejected(first.blockHash())) {
                continue;
            }
            Optional<Refusal> invalid = validate(block.get(), now);
            if (invalid.isPresent()) {
                state.reject(first.blockHash());
                out.add(new Effect.Warning("height " + height + ": a quorum committed block " + first.blockHash()
                        + " that this node finds invalid (" + invalid.get() + "); more than f signers are faulty or this node is"));
                continue;
            }
            List<CommitSeal> seals = group.stream().map(c -> new CommitSeal(c.sender(), c.seal())).toList();
            QuorumCertificate qc = new QuorumCertificate(BlockHeight.of(height), first.round(), first.blockHash(), seals);
            commitAndAdvance(block.get(), qc, now, true);
            return true;
        }
        return false;
    }

    /** Rule 5: the proposer of round r &gt; 0 holding quorum-many round changes proposes. */
    private boolean stepProposeAfterRoundChange(long now) {
        if (round == 0 || !isProposer(round) || state.proposed(round) || state.roundChanges(round).size() < params.quorum()) {
            return false;
        }
        List<RoundChange> rcs = new ArrayList<>(state.roundChanges(round).values());
        rcs.sort(Comparator.comparingInt((RoundChange rc) -> rc.prepared().map(PreparedCertificate::round).orElse(-1))
                .reversed().thenComparing(RoundChange::sender));
        List<RoundChange> justification = List.copyOf(rcs.subList(0, params.quorum()));
        Optional<PreparedCertificate> carried = flaw == Flaw.IGNORE_PREPARED_CERTIFICATES ? Optional.empty()
                : Rules.highest(justification);
        Block block = carried.map(PreparedCertificate::block).orElseGet(() ->
                app.proposeGeneratorChange(height, Math.max(now, head.timestampMillis() + 1), head.certificate()));
        propose(block, justification);
        return true;
    }

    /** Rule 1: the round-0 proposer makes a block when it is due (C2). */
    private void proposeNew(long now) {
        long due = head.timestampMillis() + params.blockGenerationTimeMillis();
        long timestamp = now - due < params.blockGenerationTimeMillis() ? due : now; // keep the cadence unless far behind
        propose(app.proposeBlock(height, timestamp, head.certificate()), List.of());
    }

    private void propose(Block block, List<RoundChange> justification) {
        state.markProposed(round);
        if (!maySign(round, block.hash())) {
            out.add(new Effect.Warning("height " + height + " round " + round + ": not proposing " + block.hash()
                    + ", another block was signed at this round before a restart"));
            return;
        }
        saveJournal(round, Optional.of(block.hash()));
        Proposal p = Proposal.sign(key, params.chainId(), height, round, block, justification);
        state.record(p);
        state.addBlock(block, true);
        out.add(new Broadcast(p));
        acceptAndPrepare(round, block);
    }

    /** Rule 1: sign a prepare for the accepted proposal, at most one block per (height, round), journal first. */
    private void acceptAndPrepare(int r, Block block) {
        if (state.accepted(r).isPresent()) {
            return;
        }
        if (!maySign(r, block.hash())) {
            out.add(new Effect.Warning("height " + height + " round " + r + ": refusing to sign " + block.hash()
                    + ", a different block was signed at this round"));
            return;
        }
        saveJournal(r, Optional.of(block.hash()));
        state.accept(r, block);
        Prepare p = Prepare.sign(key, params.chainId(), height, r, block.hash());
        state.record(p);
        out.add(new Broadcast(p));
    }

    private void commitAndAdvance(Block block, QuorumCertificate qc, long now, boolean announce) {
        app.commit(block, qc);
        out.add(new Effect.Committed(block, qc));
        FinalBlock fb = new FinalBlock(block, qc);
        lastFinal = Optional.of(fb);
        if (announce) {
            out.add(new Broadcast(fb));
        }
        enterHeight(height + 1, now);
    }

    // ---------------------------------------------------------------- journal, buffering, catch-up

    private boolean maySign(int r, Hash block) {
        return signed.map(e -> e.allowsSigning(height, r, block)).orElse(true);
    }

    private void saveJournal(int r, Optional<Hash> block) {
        Optional<Hash> keep = block.isPresent() ? block
                : signed.filter(e -> e.height() == height && e.round() == r).flatMap(JournalEntry::signedBlock);
        JournalEntry e = new JournalEntry(height, r, keep, lock);
        if (signed.isPresent() && signed.get().equals(e)) {
            return;
        }
        journal.save(e); // durable before anything signed at (height, r) leaves the node
        signed = Optional.of(e);
    }

    private void drainFuture() {
        while (started) {
            Optional<List<MessageReceived>> batch = future.takeUpTo(height);
            if (batch.isEmpty()) {
                return;
            }
            batch.get().forEach(this::onMessage);
        }
    }

    private void requestSync(long seenHeight, long now) {
        if (syncThrottle.mayRequest(height, now, params.roundChangeTimeoutMillis())) {
            out.add(new Effect.SyncRequest(height, seenHeight));
        }
    }

    /** A peer still at the previous height gets its final block, once per peer and round it is in. */
    private void helpLaggard(PublicKey peer, ConsensusMessage m) {
        if (m.height() == height - 1 && m instanceof Signed s && lastFinal.isPresent() && state.helpOnce(peer, s.round())) {
            out.add(new Effect.SendTo(peer, lastFinal.get()));
        }
    }

    // ---------------------------------------------------------------- views

    private boolean isSigner() {
        return params.isSigner(key.publicKey());
    }

    private boolean isProposer(int r) {
        return params.candidate(r).equals(key.publicKey());
    }

    public long height() {
        return height;
    }

    public int round() {
        return round;
    }

    public PublicKey publicKey() {
        return key.publicKey();
    }

    /** The equivocation evidence gathered so far (at most {@value EvidenceLog#MAX_ENTRIES}). */
    public List<Evidence> evidence() {
        return evidence.all();
    }

    /** Where consensus is, for operators; {@code null} before {@link Start}. */
    public ConsensusStatus status() {
        if (!started) {
            return null;
        }
        List<PublicKey> missing = params.blockSigners().stream().map(v -> v.publicKey())
                .filter(k -> !k.equals(key.publicKey()) && !state.heard(round).contains(k)).toList();
        return new ConsensusStatus(height, round, params.candidate(round), isSigner(), roundDeadline,
                List.copyOf(state.preparedBy(round)), List.copyOf(state.committedBy(round)), missing,
                lock.map(PreparedCertificate::round), viewChanges, params.faultTolerance(), params.quorum(), evidence.size());
    }
}
