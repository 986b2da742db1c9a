// market-maker.js — quotes a bid and an ask around the mark price of a few contracts.
//
// What it shows:
//   - configuration kept in storage (written by onCreate, editable by a later version),
//   - inventory: shares to offer are bought straight from the issuing contract (buyFromContract)
//     at its direct-sale price, while we hold less than inventoryBps of our value in the markets
//     we quote and that price is not above our ask,
//   - cancelling stale orders (ctx.contract.openOrders) before requoting, and keeping the ones
//     that already say what we would say (a cancel loses time priority),
//   - staying within its Coin and holdings: bids are funded from free Coin, asks only offer
//     shares held at least minimumHoldMillis and not already reserved,
//   - the invested ratio: an ask counts as gone the moment it rests, so asks stop where the
//     ratio would fall below minimumInvestedRatio,
//   - the maximum hold time: while a lot is overdue only disposals are accepted, so no bids.
//
// Prices are Coin per whole share on the 0.0001 tick; quantities on the 0.0001 lot.

const DEFAULT_CONFIG = {
  spreadBps: 200,   // distance from bid to ask, in basis points of the mark (here 2 %)
  quoteCoin: '50',  // Coin value quoted on each side of each market
  markets: 3,       // how many contracts to quote (the first active ones by address)
  inventoryBps: 6000 // keep this part of our value (basis points) in the shares we quote
};

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
  ctx.storage.set('config', JSON.stringify(DEFAULT_CONFIG));
}

function config(ctx) {
  const stored = ctx.storage.get('config');
  const c = stored === undefined ? DEFAULT_CONFIG : JSON.parse(stored);
  return { spreadBps: BigInt(c.spreadBps), quoteCoin: units(c.quoteCoin), markets: Number(c.markets),
    inventoryBps: BigInt(c.inventoryBps === undefined ? DEFAULT_CONFIG.inventoryBps : c.inventoryBps) };
}

function onNewBlock(ctx) {
  if (ctx.contract.status !== 'active') {
    return; // Restricted: nothing is allowed. Closing: see self-closing.js for how to liquidate.
  }
  const cfg = config(ctx);
  const half = cfg.spreadBps / 2n;

  // 1. What we want to quote this block: market -> { buy: {price, quantity}, sell: {...} }.
  const wanted = {};
  for (const c of tradeable(ctx, cfg.markets)) {
    const mark = units(c.mark);
    const bid = priceDown(mark, half);
    let ask = priceUp(mark, half);
    if (ask <= bid) {
      ask = bid + GRID; // a spread narrower than a tick still leaves bid < ask
    }
    wanted[c.address + '-coin'] = { token: c.address, mark: mark, direct: units(c.price), buy: { price: bid },
      sell: { price: ask } };
  }

  // 2. Stale orders: anything not exactly at our new price, or on a market we no longer quote.
  //    An order that already has our price is kept, and not placed again.
  const cancelled = new Set();
  const kept = {};
  for (const o of ctx.contract.openOrders) {
    const w = wanted[o.market];
    const key = o.market + '/' + o.side;
    if (w !== undefined && units(o.price) === w[o.side].price && kept[key] === undefined) {
      kept[key] = true;
    } else {
      cancelled.add(o.id);
      ctx.cancelOrder({ id: o.id });
    }
  }

  // 3. New quotes, within what we own.
  const book = portfolio(ctx, cancelled);
  let coin = book.coin;
  let headroom = book.headroom;
  const held = {};
  for (const p of book.positions) {
    held[p.token] = p;
  }
  const markets = Object.keys(wanted);
  for (const market of markets) {
    const w = wanted[market];
    const p = held[w.token];
    if (!book.overdue && kept[market + '/buy'] === undefined) {
      const quantity = sharesFor(minU(cfg.quoteCoin, coin), w.buy.price);
      if (quantity >= GRID) {
        coin -= worth(quantity, w.buy.price);
        ctx.placeOrder({ market: market, side: 'buy', type: 'limit', price: text(w.buy.price), quantity: text(quantity) });
      }
    }
    if (p !== undefined && kept[market + '/sell'] === undefined) {
      let quantity = minU(sharesFor(cfg.quoteCoin, w.sell.price), gridDown(p.sellable));
      const mustGo = overdueToSell(p);
      if (!book.overdue) {
        quantity = minU(quantity, sharesFor(headroom, w.mark)); // the invested ratio (waived while overdue)
      }
      quantity = maxU(quantity, mustGo);
      if (quantity >= GRID) {
        headroom = maxU(0n, headroom - worth(quantity, w.mark));
        ctx.placeOrder({ market: market, side: 'sell', type: 'limit', price: text(w.sell.price), quantity: text(quantity) });
      }
    }
  }
  // Inventory, with the Coin the bids left: bought from the issuer at its direct-sale price, it
  // can be offered once held for minimumHoldMillis.
  if (!book.overdue && markets.length > 0) {
    const target = book.total * cfg.inventoryBps / BPS / BigInt(markets.length);
    for (const market of markets) {
      const w = wanted[market];
      const have = held[w.token] === undefined ? 0n : worth(held[w.token].amount, w.mark);
      if (have < target && w.direct > 0n && w.direct <= w.sell.price) {
        const quantity = sharesFor(minU(target - have, coin), w.direct);
        if (quantity >= GRID) {
          coin -= worth(quantity, w.direct) + 1n; // + 1 unit: the ledger rounds the cost up
          ctx.buyFromContract({ contract: w.token, quantity: text(quantity), maxPrice: text(w.direct) });
        }
      }
    }
  }
  // Overdue lots of contracts we do not quote are sold at their mark, so the penalty ends.
  for (const p of book.positions) {
    const q = overdueToSell(p);
    if (wanted[p.token + '-coin'] === undefined && q >= GRID && p.mark > 0n) {
      ctx.placeOrder({ market: p.token + '-coin', side: 'sell', type: 'limit', price: text(priceDown(p.mark, 0n)), quantity: text(q) });
    }
  }
}
