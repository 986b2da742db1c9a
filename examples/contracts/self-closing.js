// self-closing.js — trades for a few blocks, then waits to be closed, and liquidates when Closing.
//
// What it shows:
//   - closing is not the contract's act: the manager closes it with a CONTRACT_CLOSE commitment
//     signed by the contract's key (Active or Restricted -> Closing; it never goes back). The
//     code cannot close itself; it can only react,
//   - onClosing(ctx): a Closing contract may only sell its holdings for Coin and cancel orders.
//     It sells everything it may sell; when it holds only Coin (and its own shares), the ledger
//     repurchases every outstanding share at Coin / outstanding and the contract becomes Closed.
//     Lots younger than minimumHoldMillis wait for a later block (the hold time still applies
//     to the contract's own sales); after 10,000 blocks the ledger force-sells what is left,
//   - onNewBlock also liquidates when it sees status "closing", so it does not matter whether the
//     servers call onClosing once or every block.

const TRADING_BLOCKS = 10n; // buy for this many blocks after creation, then only wait
const SPEND_BPS = 100n;     // each trading block, spend 1 % of free Coin
const SLIPPAGE_BPS = 50n;   // pay at most 0.5 % over the mark
const LIQUIDATION_BPS = 100n; // liquidate at most 1 % under the mark
const MAX_CANDIDATES = 16;   // trade among the first 16 active contracts (by address)

// ===========================================================================================
// Shared helpers (the same block is copied into every example, so each file stands alone).
//
// Exact decimals. Every amount and price in ctx is a decimal string with at most 8 decimals.
// We turn them into BigInt counts of 10^-8 ("units") and never use floating point: a float
// would round differently from the ledger, and 0.1 + 0.2 is not on any grid. Orders must be on
// the exchange's grid: prices on the tick, quantities on the lot, both 0.0001 (10,000 units).
// ===========================================================================================
const UNIT = 100000000n; // units per whole share or Coin
const GRID = 10000n;     // tick and lot: 0.0001
const BPS = 10000n;      // basis points in 1

/** "12.5" -> 1250000000n. Throws on anything that is not a plain non-negative decimal. */
function units(s) {
  const m = /^(\d+)(?:\.(\d{1,8}))?$/.exec(String(s));
  if (m === null) {
    throw new TypeError('not a decimal amount: ' + s);
  }
  return BigInt(m[1]) * UNIT + BigInt((m[2] || '').padEnd(8, '0'));
}

/** 1250000000n -> "12.5": the decimal string every action argument must be. */
function text(u) {
  const frac = (u % UNIT).toString().padStart(8, '0').replace(/0+$/, '');
  return (u / UNIT).toString() + (frac === '' ? '' : '.' + frac);
}

function gridDown(u) { return u <= 0n ? 0n : u - (u % GRID); }
function gridUp(u) { const r = u % GRID; return r === 0n ? u : u + GRID - r; }
function minU(a, b) { return a < b ? a : b; }
function maxU(a, b) { return a > b ? a : b; }
/** The Coin value of a quantity at a price, rounded down. */
function worth(quantity, price) { return quantity * price / UNIT; }
/** How many shares some Coin buys at a price, rounded down to the lot. */
function sharesFor(coin, price) { return gridDown(coin * UNIT / price); }
/** A price moved by some basis points (negative: down), rounded down to the tick, at least one tick. */
function priceDown(mark, bps) { return maxU(GRID, gridDown(mark * (BPS - bps) / BPS)); }
function priceUp(mark, bps) { return gridUp(mark * (BPS + bps) / BPS); }
function byText(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

/**
 * Where the contract stands, after the cancels in `cancelled` (a Set of order ids) are applied
 * (a result's actions apply in order, so cancelling first releases those reservations):
 *   coin       Coin free to spend on new buys (ctx.contract.coin minus what our kept buy orders
 *              reserve; we read `coin` as the whole balance, so this is never too generous)
 *   positions  per held token of another contract: amount, reserved (by our kept sell orders),
 *              matured (in lots at least minimumHoldMillis old), overdue (in lots older than
 *              maximumHoldMillis), sellable = matured - reserved (reserved shares come from the
 *              oldest lots first: FIFO), mark, status
 *   overdue    true while any lot is past the maximum hold time: then the ledger accepts only
 *              disposals (sells, cancels), so a result with a buy would be rejected whole
 *   headroom   how much Coin value (at mark) of shares we may still sell or write away without
 *              going below minimumInvestedRatio (value of unreserved shares / total value)
 */
function portfolio(ctx, cancelled) {
  const now = ctx.block.timestamp;
  const self = ctx.contract.address;
  let coinReserved = 0n;
  const releasedShares = {};
  for (const o of ctx.contract.openOrders) {
    const base = o.market.split('-')[0];
    const quote = o.market.split('-')[1];
    if (cancelled.has(o.id)) {
      if (o.side === 'sell') {
        releasedShares[base] = (releasedShares[base] || 0n) + units(o.remaining);
      }
    } else if (o.side === 'buy' && quote === 'coin') {
      coinReserved += worth(units(o.remaining), units(o.price));
    }
  }
  const positions = [];
  let total = units(ctx.contract.coin);
  let invested = 0n;
  let overdue = false;
  for (const h of ctx.contract.holdings) {
    const known = h.token === self ? null : ctx.market.get(h.token); // one look-up per holding, not the whole market
    if (known === null) {
      continue; // our own shares count for nothing; tokens not listed (options) we leave alone
    }
    const p = { token: h.token, status: known.status, mark: known.mark ? units(known.mark) : 0n, amount: units(h.amount),
      reserved: maxU(0n, units(h.reserved) - (releasedShares[h.token] || 0n)), matured: 0n, overdue: 0n };
    for (const lot of h.lots) {
      const age = now - lot.acquiredAt;
      if (age >= ctx.params.minimumHoldMillis) {
        p.matured += units(lot.amount);
      }
      if (age > ctx.params.maximumHoldMillis) {
        p.overdue += units(lot.amount);
      }
    }
    p.sellable = maxU(0n, p.matured - p.reserved);
    overdue = overdue || p.overdue > 0n;
    total += worth(p.amount, p.mark);
    invested += worth(p.amount - p.reserved, p.mark);
    positions.push(p);
  }
  const floor = total * units(ctx.params.minimumInvestedRatio) / UNIT;
  return { coin: maxU(0n, units(ctx.contract.coin) - coinReserved), positions: positions, overdue: overdue,
    total: total, invested: invested, headroom: maxU(0n, invested - floor) };
}

/**
 * The first `count` active contracts we may trade (not ourselves, with a mark), by address. Reads
 * the market a page at a time and stops when it has enough: a call pays for what it reads (every
 * field parsed counts against its budget), and on a market of thousands of contracts reading all
 * of them every block would cost more than the strategy itself.
 */
function tradeable(ctx, count) {
  const PAGE = Math.min(256, 2 * count + 4); // a little more than we need: some are not tradeable
  const found = [];
  for (let offset = 0; found.length < count; offset += PAGE) {
    const page = ctx.market.list({ sort: 'address', offset: offset, limit: PAGE });
    for (const c of page) {
      if (found.length < count && c.status === 'active' && c.address !== ctx.contract.address && c.mark && units(c.mark) > 0n) {
        found.push(c);
      }
    }
    if (page.length < PAGE) {
      break;
    }
  }
  return found;
}

/** The overdue shares not yet on their way out: they must be sold (gridUp: no sub-lot remainder). */
function overdueToSell(p) {
  return minU(gridDown(p.sellable), gridUp(maxU(0n, p.overdue - p.reserved)));
}
// ===========================================================================================

function onCreate(ctx) {
  ctx.storage.set('blocks', '0');
}

function onNewBlock(ctx) {
  if (ctx.contract.status === 'closing') {
    liquidate(ctx);
    return;
  }
  if (ctx.contract.status !== 'active') {
    return; // Restricted: nothing is allowed
  }
  const blocks = BigInt(ctx.storage.get('blocks') || '0') + 1n;
  if (blocks <= TRADING_BLOCKS) {
    ctx.storage.set('blocks', blocks.toString()); // stops counting once trading is over: bounded
  }
  const book = portfolio(ctx, new Set());
  // Overdue lots are sold in any phase (the ledger accepts only disposals while they exist).
  for (const p of book.positions) {
    const q = overdueToSell(p);
    if (q >= GRID && p.mark > 0n) {
      ctx.placeOrder({ market: p.token + '-coin', side: 'sell', type: 'immediate-or-cancel',
        price: text(priceDown(p.mark, LIQUIDATION_BPS)), quantity: text(q) });
    }
  }
  if (blocks > TRADING_BLOCKS || book.overdue) {
    return;
  }
  // Trading: buy a little of one active contract, a different one each block.
  const candidates = tradeable(ctx, MAX_CANDIDATES);
  if (candidates.length === 0) {
    return;
  }
  const c = candidates[ctx.block.height % candidates.length];
  const price = priceUp(units(c.mark), SLIPPAGE_BPS);
  const quantity = sharesFor(book.coin * SPEND_BPS / BPS, price);
  if (quantity >= GRID) {
    ctx.placeOrder({ market: c.address + '-coin', side: 'buy', type: 'immediate-or-cancel', price: text(price), quantity: text(quantity) });
  }
}

/** Called by the servers for a Closing contract: sell every share we may sell, for Coin. */
function onClosing(ctx) {
  if (ctx.contract.status !== 'closing') {
    return; // never liquidate an Active contract by mistake: only the manager's close starts this
  }
  liquidate(ctx);
}

function liquidate(ctx) {
  // Entering Closing cancels resting orders; cancel any left (from an earlier liquidation block)
  // so their shares are offered again at today's price.
  const cancelled = new Set();
  for (const o of ctx.contract.openOrders) {
    cancelled.add(o.id);
    ctx.cancelOrder({ id: o.id });
  }
  const book = portfolio(ctx, cancelled);
  for (const p of book.positions) {
    const quantity = gridDown(p.sellable); // a remainder under one lot cannot trade: the ledger takes it at the end
    if (quantity >= GRID && p.mark > 0n) {
      // A limit order rests until it fills; the next call replaces it at the new mark.
      ctx.placeOrder({ market: p.token + '-coin', side: 'sell', type: 'limit',
        price: text(priceDown(p.mark, LIQUIDATION_BPS)), quantity: text(quantity) });
    }
  }
  ctx.storage.set('phase', 'liquidating');
}
