// momentum.js — buys what rose over the last LOOKBACK blocks, sells what fell.
//
// What it shows:
//   - a short price history per contract kept in storage, bounded: at most LOOKBACK + 1 marks
//     per contract and only for contracts still active (one JSON value under one key),
//   - hold times: it never sells a lot younger than params.minimumHoldMillis (the ledger would
//     reject the whole result with HOLD_TIME), and it sells lots older than
//     params.maximumHoldMillis whatever the trend (while such a lot exists only disposals are
//     accepted, so it buys nothing that block),
//   - immediate-or-cancel orders: nothing rests, so there is nothing stale to manage next block,
//   - the invested ratio: sells stop where the ratio would fall below minimumInvestedRatio.

const LOOKBACK = 5;          // compare the mark now with the mark LOOKBACK blocks ago
const THRESHOLD_BPS = 200n;  // a move of at least 2 % is a trend
const SPEND_BPS = 1000n;     // spend at most 10 % of free Coin per block, split among the risers
const SLIPPAGE_BPS = 50n;    // pay at most 0.5 % over the mark, sell at most 0.5 % under it
const MAX_TRACKED = 16;      // follow at most this many contracts (the first by address)

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

/**
 * Adds this block's marks to the stored history and returns it: { height, marks: { address: [mark
 * strings, oldest first] } }. Called twice for one height (a retried block) it replaces the last
 * entry instead of appending, so the history stays one mark per block.
 */
function recordMarks(ctx) {
  const stored = ctx.storage.get('history');
  const old = stored === undefined ? { height: -1, marks: {} } : JSON.parse(stored);
  const again = old.height === ctx.block.height;
  const marks = {};
  for (const c of tradeable(ctx, MAX_TRACKED)) {
    const series = (old.marks[c.address] || []).slice();
    if (again && series.length > 0) {
      series.pop();
    }
    series.push(text(units(c.mark))); // normalised: "1.0500" and "1.05" are the same mark
    marks[c.address] = series.slice(-(LOOKBACK + 1)); // bounded
  }
  const history = { height: ctx.block.height, marks: marks };
  ctx.storage.set('history', JSON.stringify(history));
  return history;
}

/** The move over the window in basis points, or null while the window is not full yet. */
function trend(series) {
  if (series.length < LOOKBACK + 1) {
    return null;
  }
  const first = units(series[0]);
  const last = units(series[series.length - 1]);
  return first === 0n ? null : (last - first) * BPS / first;
}

function onNewBlock(ctx) {
  if (ctx.contract.status !== 'active') {
    return; // Restricted: nothing is allowed. Closing: see self-closing.js for how to liquidate.
  }
  const history = recordMarks(ctx);

  // We never leave orders resting; anything open is a leftover: cancel it first.
  const cancelled = new Set();
  for (const o of ctx.contract.openOrders) {
    cancelled.add(o.id);
    ctx.cancelOrder({ id: o.id });
  }
  const book = portfolio(ctx, cancelled);
  let headroom = book.headroom;

  // Sells: overdue lots always; the rest of what we may sell when the trend is down.
  for (const p of book.positions) {
    if (p.mark === 0n) {
      continue;
    }
    const move = history.marks[p.token] === undefined ? null : trend(history.marks[p.token]);
    let quantity = 0n;
    if (move !== null && move <= -THRESHOLD_BPS) {
      quantity = gridDown(p.sellable);
      if (!book.overdue) {
        quantity = minU(quantity, sharesFor(headroom, p.mark)); // the invested ratio (waived while overdue)
      }
    }
    quantity = maxU(quantity, overdueToSell(p));
    if (quantity >= GRID) {
      headroom = maxU(0n, headroom - worth(quantity, p.mark));
      ctx.placeOrder({ market: p.token + '-coin', side: 'sell', type: 'immediate-or-cancel',
        price: text(priceDown(p.mark, SLIPPAGE_BPS)), quantity: text(quantity) });
    }
  }

  // Buys: only when no lot is overdue (else the ledger accepts disposals only).
  if (book.overdue) {
    return;
  }
  const risers = Object.keys(history.marks).sort(byText).filter((a) => {
    const move = trend(history.marks[a]);
    return move !== null && move >= THRESHOLD_BPS;
  });
  if (risers.length === 0) {
    return;
  }
  const each = book.coin * SPEND_BPS / BPS / BigInt(risers.length);
  for (const address of risers) {
    const marks = history.marks[address];
    const price = priceUp(units(marks[marks.length - 1]), SLIPPAGE_BPS);
    const quantity = sharesFor(each, price);
    if (quantity >= GRID) {
      ctx.placeOrder({ market: address + '-coin', side: 'buy', type: 'immediate-or-cancel',
        price: text(price), quantity: text(quantity) });
    }
  }
}
