package io.bourse.p2p;

import io.bourse.core.crypto.KeyPair;
import io.bourse.core.types.ChainId;
import io.bourse.core.types.PublicKey;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/** What every connection's handlers share: who we are, whom we accept, limits, the peer table, counters. */
record PeerContext(KeyPair identity, ChainId chainId, Predicate<PublicKey> authorizer, PeerListener listener,
                   P2pOptions options, PeerTable table, Counters counters, LongSupplier nanoClock) {
}
