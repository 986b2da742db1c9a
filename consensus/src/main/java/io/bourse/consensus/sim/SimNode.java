package io.bourse.consensus.sim;

import io.bourse.consensus.ConsensusEngine;
import io.bourse.consensus.SigningJournal;
import io.bourse.core.crypto.KeyPair;
import io.bourse.core.crypto.SignatureVerifier;
import io.bourse.core.params.NetworkParameters;

/** One simulated node: its durable part (chain, journal) and its current incarnation's engine. */
final class SimNode {
    final int index;
    final KeyPair key;
    final SimApplication app;
    final SigningJournal.InMemory journal = new SigningJournal.InMemory();
    final Scenario.Behaviour behaviour; // null when honest
    final SignatureVerifier verifier;
    ConsensusEngine engine;
    boolean up = true;
    int incarnation;

    SimNode(int index, KeyPair key, NetworkParameters genesis, SignatureVerifier verifier, Scenario.Behaviour behaviour, long seed) {
        this.index = index;
        this.key = key;
        this.behaviour = behaviour;
        this.verifier = verifier;
        this.app = new SimApplication(key, genesis, 0, SimSetup.pool(), verifier, seed);
        app.corruptProposals(behaviour == Scenario.Behaviour.INVALID_BLOCKS);
        this.engine = new ConsensusEngine(key, app, journal, verifier);
    }

    boolean honest() {
        return behaviour == null;
    }

    void crash() {
        up = false;
        incarnation++;
    }

    /** A restarted process: a new engine over the same chain and journal. */
    void restart() {
        up = true;
        incarnation++;
        engine = new ConsensusEngine(key, app, journal, verifier);
    }
}
