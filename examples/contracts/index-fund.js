// index-fund.js — keeps a share of its value invested, spread evenly across active contracts.
//
// What it shows:
//   - the invested ratio: it aims at TARGET_EXTRA_BPS above params.minimumInvestedRatio, so it
//     is never pushed under the minimum by a small price move, and when it is under-invested it
//     buys (the ledger rejects results that leave the ratio under the minimum and lower),
//   - an even split: each of the first MAX_CONSTITUENTS active contracts (by address) gets the
//     same Coin value; a holding off its target by more than BAND_BPS is rebalanced,
//   - marketable limit orders: buys pay up to PREMIUM_BPS over the mark (so they fill against
//     market makers' asks), sells ask the mark; all are cancelled and placed again every block
//     (a rebalance is always computed from scratch, so every resting order is stale one block later),
//   - hold times: sells take only lots held at least minimumHoldMillis, overdue lots are sold
//     first, and while one exists nothing is bought,
//   - shares of contracts that stopped being active (closing) are sold when allowed.

const TARGET_EXTRA_BPS = 1000n; // aim 10 points above the minimum invested ratio...
const MAX_TARGET_BPS = 9000n;   // ...but never above 90 %
const MAX_CONSTITUENTS = 8;
const BAND_BPS = 500n;          // tolerate 5 % around each target before trading
const PREMIUM_BPS = 200n;       // pay up to 2 % over the mark to get a buy filled

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

function onNewBlock(ctx) {
  if (ctx.contract.status !== 'active') {
    return; // Restricted: nothing is allowed. Closing: see self-closing.js for how to liquidate.
  }
  const cancelled = new Set();
  for (const o of ctx.contract.openOrders) {
    cancelled.add(o.id);
    ctx.cancelOrder({ id: o.id });
  }
  const book = portfolio(ctx, cancelled);
  const constituents = tradeable(ctx, MAX_CONSTITUENTS);
  if (constituents.length === 0) {
    return;
  }
  const minimum = units(ctx.params.minimumInvestedRatio) * BPS / UNIT; // in basis points
  const targetBps = minU(MAX_TARGET_BPS, minimum + TARGET_EXTRA_BPS);
  const each = book.total * targetBps / BPS / BigInt(constituents.length); // Coin value per constituent
  const held = {};
  for (const p of book.positions) {
    held[p.token] = p;
  }
  const member = new Set(constituents.map((c) => c.address));
  let headroom = book.headroom;
  const sell = (p, quantity, price) => {
    headroom = maxU(0n, headroom - worth(quantity, p.mark));
    ctx.placeOrder({ market: p.token + '-coin', side: 'sell', type: 'limit', price: text(price), quantity: text(quantity) });
  };

  // 1. Sells: overdue lots, holdings that left the index, constituents above their band.
  for (const p of book.positions) {
    if (p.mark === 0n) {
      continue;
    }
    const price = priceDown(p.mark, 0n);
    let quantity = 0n;
    if (!member.has(p.token)) {
      quantity = gridDown(p.sellable);
    } else if (worth(p.amount, p.mark) * BPS > each * (BPS + BAND_BPS)) {
      quantity = minU(gridDown(p.sellable), sharesFor(worth(p.amount, p.mark) - each, p.mark));
    }
    if (!book.overdue) {
      quantity = minU(quantity, sharesFor(headroom, p.mark)); // the invested ratio (waived while overdue)
    }
    quantity = maxU(quantity, overdueToSell(p));
    if (quantity >= GRID) {
      sell(p, quantity, price);
    }
  }

  // 2. Buys: constituents below their band, with the Coin we have, the most under-weight first.
  if (book.overdue) {
    return; // only disposals are accepted while a lot is past the maximum hold time
  }
  const gaps = [];
  for (const c of constituents) {
    const mark = units(c.mark);
    const now = held[c.address] === undefined ? 0n : worth(held[c.address].amount, mark);
    if (now * BPS < each * (BPS - BAND_BPS)) {
      gaps.push({ address: c.address, mark: mark, gap: each - now });
    }
  }
  gaps.sort((a, b) => (a.gap > b.gap ? -1 : a.gap < b.gap ? 1 : byText(a.address, b.address)));
  let coin = book.coin;
  for (const g of gaps) {
    const price = priceUp(g.mark, PREMIUM_BPS);
    const quantity = sharesFor(minU(g.gap, coin), price);
    if (quantity >= GRID) {
      coin -= worth(quantity, price);
      ctx.placeOrder({ market: g.address + '-coin', side: 'buy', type: 'limit', price: text(price), quantity: text(quantity) });
    }
  }
}
