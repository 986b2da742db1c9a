package io.bourse.core.ledger;

import io.bourse.core.block.BlockKind;
import io.bourse.core.genesis.Genesis;
import io.bourse.core.state.MerkleState;
import io.bourse.core.state.StateOverlay;
import io.bourse.core.state.WriteSet;
import io.bourse.core.types.Amount;
import io.bourse.core.types.TokenId;

/** Builds the genesis state through the ledger's own table writers. */
public final class LedgerAccess {
    private LedgerAccess() {
    }

    public static WriteSet genesisState(Genesis g) {
        StateOverlay s = new StateOverlay(new MerkleState());
        LedgerState.setParameters(s, g.parameters());
        LedgerState.setLastBlockParameters(s, g.parameters());
        CoinContract.setConfig(s, g.coinContract());
        Amount minted = Amount.ZERO;
        for (Genesis.Allocation a : g.balances()) {
            LedgerState.setBalance(s, a.holder(), TokenId.COIN, a.amount());
            minted = minted.plus(a.amount());
        }
        LedgerState.setSupply(s, new LedgerState.Supply(minted, Amount.ZERO));
        LedgerState.setLastBlock(s, new LedgerState.LastBlock(0, g.genesisTime().millis(),
                g.parameters().blockGenerator(), BlockKind.GENESIS));
        return s.writeSet();
    }
}
