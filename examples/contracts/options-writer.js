// options-writer.js — writes covered calls on contracts it holds.
//
// What it shows:
//   - writeOption: a call on `underlying` with `strike` (Coin per share, on the tick) above the
//     mark and `expiryHeight` EXPIRY_BLOCKS ahead; `size` shares (on the lot) move into the
//     series' pool as collateral, so the call is covered by construction,
//   - writing moves shares out, so it obeys what a sale obeys: only lots held at least
//     minimumHoldMillis and not reserved, and not below minimumInvestedRatio,
//   - the series it wrote, recorded in storage and pruned at expiry (bounded: one live series
//     per underlying, at most MAX_SERIES).
// It does not sell the option tokens it receives: ctx lists no option series, and a held option
// token looks like any other "bx…" token, so it cannot tell which token is which series (the
// token's address is derived with SHA-256, which the sandbox does not offer). A real writer
// would list them on the option's book once ctx says so.

const STRIKE_PREMIUM_BPS = 1000n; // strike 10 % above the mark
const EXPIRY_BLOCKS = 100;        // expire 100 blocks ahead
const COVER_BPS = 5000n;          // write on at most half of the shares we may dispose of
const MAX_SERIES = 16;

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
  ctx.storage.set('series', '[]');
}

function onNewBlock(ctx) {
  if (ctx.contract.status !== 'active') {
    return; // writing needs an Active writer; see self-closing.js for how to liquidate
  }
  const height = ctx.block.height;
  const stored = ctx.storage.get('series');
  // Series still live: expiry above this height (at the expiry height they settle automatically).
  const series = (stored === undefined ? [] : JSON.parse(stored)).filter((s) => s.expiryHeight > height);
  const written = new Set(series.map((s) => s.underlying));
  const book = portfolio(ctx, new Set());
  let headroom = book.headroom;

  for (const p of book.positions) {
    if (book.overdue) {
      // While a lot is past the maximum hold time only disposals are accepted: sell the overdue
      // lots at the mark (we cannot be sure the ledger counts writing as a disposal).
      const q = overdueToSell(p);
      if (q >= GRID && p.mark > 0n) {
        ctx.placeOrder({ market: p.token + '-coin', side: 'sell', type: 'limit', price: text(priceDown(p.mark, 0n)), quantity: text(q) });
      }
      continue;
    }
    if (p.status !== 'active' || written.has(p.token) || series.length >= MAX_SERIES) {
      continue; // options are written only on an Active underlying; one live series each
    }
    const size = minU(gridDown(p.sellable * COVER_BPS / BPS), sharesFor(headroom, p.mark));
    if (size < GRID) {
      continue;
    }
    let strike = priceUp(p.mark, STRIKE_PREMIUM_BPS);
    if (strike <= p.mark) {
      strike = gridUp(p.mark + 1n); // strictly above the mark
    }
    const s = { underlying: p.token, type: 'call', strike: text(strike), expiryHeight: height + EXPIRY_BLOCKS, size: text(size) };
    ctx.writeOption(s);
    headroom = maxU(0n, headroom - worth(size, p.mark));
    series.push({ underlying: s.underlying, strike: s.strike, expiryHeight: s.expiryHeight, size: s.size, writtenAt: height });
    written.add(p.token);
  }
  ctx.storage.set('series', JSON.stringify(series));
}
