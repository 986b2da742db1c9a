// @ts-check
/// <reference path="bourse.d.ts" />
/*
 * __NAME__: every few blocks, bids at the mark for the listed contract that trades furthest below
 * its direct-sale price, with a slice of its free Coin. A starting point: change the strategy,
 * keep the exact decimals (BigInt counts of 10^-8) and the 0.0001 tick and lot.
 * Configuration (kept in storage by onCreate): { "every": blocks between bids, "spend": Coin per bid }.
 */
const ONE = 100000000n; // 1 in units of 10^-8
const TICK = 10000n;    // prices and quantities are multiples of 0.0001

/** "12.5" → 1250000000n */
function units(text) {
  const [whole, frac = ''] = String(text).split('.');
  return BigInt(whole) * ONE + BigInt((frac + '00000000').slice(0, 8));
}

/** 1250000000n → "12.5" */
function decimal(u) {
  const whole = u / ONE;
  const frac = (u % ONE).toString().padStart(8, '0').replace(/0+$/, '');
  return frac === '' ? whole.toString() : whole.toString() + '.' + frac;
}

const DEFAULTS = { every: 5, spend: '100' };

function config(ctx) {
  const text = ctx.storage.get('config');
  return text === undefined ? DEFAULTS : JSON.parse(text);
}

function onCreate(ctx) {
  if (ctx.storage.get('config') === undefined) {
    ctx.storage.set('config', JSON.stringify(DEFAULTS));
  }
}

function onNewBlock(ctx) {
  const cfg = config(ctx);
  const n = Number(ctx.storage.get('blocks') || '0') + 1;
  ctx.storage.set('blocks', String(n));
  if (n % cfg.every !== 0) {
    return;
  }
  const free = units(ctx.contract.coin) - units(ctx.contract.coinReserved);
  const spend = units(cfg.spend) < free ? units(cfg.spend) : free;
  let best = null;
  for (const c of ctx.market.list({ sort: 'capitalization', limit: 32 })) {
    if (c.address === ctx.contract.address || c.status !== 'active' || units(c.mark) < TICK || units(c.price) === 0n) {
      continue;
    }
    // mark ÷ price smallest: compare crosswise to stay exact
    if (best === null || units(c.mark) * units(best.price) < units(best.mark) * units(c.price)) {
      best = c;
    }
  }
  if (best === null || spend <= 0n) {
    return;
  }
  const price = units(best.mark) / TICK * TICK;
  const quantity = spend * ONE / price / TICK * TICK;
  if (quantity > 0n) {
    ctx.placeOrder({ market: best.address + '-coin', side: 'buy', type: 'limit',
                     price: decimal(price), quantity: decimal(quantity) });
  }
}
