// The Bourse explorer: a single page that reads only the node's public API (docs/api.yaml).
// Every number it shows is a string or integer the API answered, shown as it came; charts draw
// those same values. No build step: plain browser JavaScript and uPlot from its WebJar.
'use strict';

const RECENT = 100;          // blocks kept from the live stream
const state = { blocks: [], head: null, listeners: [], charts: [] };

// Script errors are shown, not swallowed (and kept where a browser test reads them).
window.explorerErrors = [];
function reportError(message) {
  window.explorerErrors.push(String(message));
  const f = document.getElementById('live');
  if (f) f.textContent = 'script error: ' + message;
}
window.addEventListener('error', e => reportError(e.message));
window.addEventListener('unhandledrejection', e => reportError(e.reason && e.reason.message || e.reason));

// ---- small DOM helpers (text only: nothing from the API is ever parsed as HTML) ----
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null) continue;
    if (k === 'onclick') e.addEventListener('click', v); else e.setAttribute(k, v);
  }
  for (const k of kids.flat(Infinity)) {
    if (k === undefined || k === null) continue;
    e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return e;
}
const link = (href, text, cls) => el('a', { href, class: cls }, text);
const short = s => (s && s.length > 20 ? s.slice(0, 10) + '…' + s.slice(-6) : s);
const addr = a => a ? link('#/account/' + a, short(a), 'mono') : '—';
const contractLink = a => link('#/contract/' + a, short(a), 'mono');
const blockLink = h => link('#/block/' + h, String(h));
const commitLink = id => link('#/commitment/' + id, short(id), 'mono');
const dash = v => (v === undefined || v === null || v === '' ? '—' : v);

function kv(pairs) {
  const dl = el('dl', { class: 'kv' });
  for (const [k, v] of pairs) dl.append(el('dt', {}, k), el('dd', {}, v === undefined || v === null ? '—' : v));
  return dl;
}

function table(headers, rows, opts) {
  const t = el('table', opts && opts.id ? { id: opts.id } : {});
  const tr = el('tr');
  headers.forEach((h, i) => {
    if (opts && opts.sort) {
      tr.append(el('th', { scope: 'col' }, el('button', { type: 'button', 'aria-label': 'Sort by ' + h, onclick: () => opts.sort(i) }, h)));
    } else tr.append(el('th', { scope: 'col' }, h));
  });
  t.append(el('thead', {}, tr));
  const body = el('tbody');
  for (const r of rows) body.append(el('tr', {}, r.map(c => el('td', {}, c))));
  if (!rows.length) body.append(el('tr', {}, el('td', { colspan: headers.length, class: 'muted' }, 'none')));
  t.append(body);
  return el('div', { class: 'scroll' }, t);
}

// A per-million figure as a percentage, by integer arithmetic on the API's integer (no rounding of our own).
function ppmText(ppm) {
  if (ppm === null || ppm === undefined) return el('span', { class: 'muted' }, '—');
  const neg = ppm < 0, a = Math.abs(ppm);
  const txt = (neg ? '−' : ppm > 0 ? '+' : '') + Math.trunc(a / 10000) + '.' + String(a % 10000).padStart(4, '0') + ' %';
  return el('span', { class: neg ? 'neg' : ppm > 0 ? 'pos' : '', title: ppm + ' ppm' }, txt);
}

async function api(path) {
  const r = await fetch(path, { headers: { accept: 'application/json' } });
  const type = r.headers.get('content-type') || '';
  const body = type.startsWith('application/json') ? await r.json() : await r.text();
  if (!r.ok) {
    const e = new Error((body && body.error) || ('HTTP ' + r.status));
    e.status = r.status; e.body = body;
    throw e;
  }
  return body;
}
const tryApi = path => api(path).catch(() => null);

// ---- charts: uPlot, each marked with how many points it drew so a test can check it ----
function chart(container, title, xs, series, opts) {
  const width = Math.max(280, container.clientWidth || 600);
  const s = [{ label: opts && opts.xLabel || 'time', value: opts && opts.xValue }];
  const colors = (opts && opts.colors) || ['#0b5cad', '#b3261e', '#11783a', '#8a5a00'];
  series.forEach((x, i) => s.push({ label: x.label, stroke: colors[i % colors.length], width: 2,
    paths: x.steps ? uPlot.paths.stepped({ align: 1 }) : undefined,
    points: { show: xs.length < 40, size: 7, fill: colors[i % colors.length] } }));
  // a single x (one candle, one trade) or a flat series still gets a visible range
  const pad = (min, max, d) => (min === max ? [min - d(min), max + d(max)] : [min, max + (max - min) * 0.05]);
  const u = new uPlot({ title, width, height: 220, series: s,
    scales: { x: { time: !(opts && opts.numericX),
      range: (u, min, max) => (opts && opts.xRange ? opts.xRange : pad(min, max, () => 60)) },
      y: { range: (u, min, max) => (opts && opts.yRange ? pad(opts.yRange[0], opts.yRange[1], v => Math.abs(v) * 0.1 || 1)
        : pad(min, max, v => Math.abs(v) * 0.1 || 1)) } },
    axes: [{}, { size: 70 }], hooks: opts && opts.underlay ? { drawAxes: [opts.underlay] } : {} },
  [xs, ...series.map(x => x.values)], container);
  container.dataset.points = String(xs.length);
  container.setAttribute('role', 'img');
  container.setAttribute('aria-label', title + ': ' + xs.length + ' points');
  state.charts.push(u);
  return u;
}
const num = s => (s === null || s === undefined ? null : Number(s));

// ---- the live block stream: one EventSource for the whole page ----
function startStream() {
  const from = state.head === null ? 0 : Math.max(0, state.head - RECENT + 1);
  const es = new EventSource('/v1/stream/blocks?from=' + from);
  es.addEventListener('block', ev => {
    const b = JSON.parse(ev.data);
    if (state.blocks.length && state.blocks[state.blocks.length - 1].height >= b.height) return;
    state.blocks.push(b);
    if (state.blocks.length > RECENT) state.blocks.shift();
    state.head = b.height;
    document.getElementById('live').textContent = 'live: block ' + b.height;
    state.listeners.forEach(f => f(b));
  });
  es.onerror = () => { document.getElementById('live').textContent = 'stream reconnecting…'; };
}
const onBlock = f => state.listeners.push(f);

// ---- pages ----
const main = () => document.getElementById('main');
function page(title, ...kids) {
  state.listeners = [];
  state.charts.forEach(c => c.destroy());
  state.charts = [];
  const m = main();
  m.replaceChildren(el('h1', {}, title), ...kids);
  document.title = title + ' · Bourse explorer';
  return m;
}

async function chainPage() {
  const st = await api('/v1/status');
  const head = kv([['Height', el('span', { id: 'height' }, st.height)], ['Chain', st.chainId],
    ['Generator', addr(st.generator)], ['This node', st.role + ' ' + short(st.address)], ['Peers', st.peers]]);
  const chartBox = el('div', { class: 'chart', id: 'interval-chart' });
  const list = el('div', { id: 'latest-blocks' });
  page('Chain', head, el('h2', {}, 'Block interval'), chartBox, el('h2', {}, 'Latest blocks'), list);
  let u = null;
  const draw = () => {
    const bs = state.blocks;
    const rows = bs.slice(-20).reverse().map(b => [blockLink(b.height), b.time, addr(b.generator),
      b.certificate ? String(b.certificate.signers.length) : '—', String(b.commitmentCount), b.kind]);
    list.replaceChildren(table(['Height', 'Time', 'Generator', 'Signers', 'Commitments', 'Kind'], rows, { id: 'blocks' }));
    document.getElementById('height').textContent = state.head ?? st.height;
    if (bs.length < 2) return;
    const xs = [], ys = [];
    for (let i = 1; i < bs.length; i++) { xs.push(bs[i].timestamp / 1000); ys.push(bs[i].timestamp - bs[i - 1].timestamp); }
    if (u) { u.setData([xs, ys]); chartBox.dataset.points = String(xs.length); }
    else { chartBox.replaceChildren(); u = chart(chartBox, 'Milliseconds since the previous block', xs, [{ label: 'interval ms', values: ys }]); }
  };
  draw();
  onBlock(draw);
}

async function blockPage(h) {
  const b = await api('/v1/blocks/' + h);
  const rows = b.commitments.map(c => [commitLink(c.id), c.kind, addr(c.sender), String(c.nonce),
    el('span', { 'data-outcome': c.id }, '…')]);
  page('Block ' + b.height, kv([['Hash', el('span', { class: 'mono' }, b.hash)], ['Kind', b.kind], ['Time', b.time],
    ['Generator', addr(b.generator)], ['Parent', b.height > 0 ? blockLink(b.height - 1) : '—'],
    ['State root', el('span', { class: 'mono' }, b.stateRoot)],
    ['Signers', b.certificate ? el('span', {}, b.certificate.signers.map(s => [addr(s), ' '])) : '—'],
    ['Round', b.certificate ? b.certificate.round : '—']]),
  el('h2', {}, 'Commitments and their receipts'), table(['Id', 'Kind', 'Sender', 'Nonce', 'Outcome'], rows, { id: 'commitments' }));
  for (const c of b.commitments) {
    const s = await tryApi('/v1/commitments/' + c.id);
    const cell = document.querySelector('[data-outcome="' + c.id + '"]');
    if (cell && s) cell.replaceChildren(outcome(s));
  }
}

function outcome(s) {
  if (s.status !== 'final') return el('span', { class: 'muted' }, s.status);
  return el('span', { class: s.outcome === 'applied' ? 'pos' : 'neg' },
    s.outcome + (s.receipt && s.receipt.reason ? ' (' + s.receipt.reason + ')' : ''));
}

async function commitmentPage(id) {
  const s = await api('/v1/commitments/' + id);
  const c = s.commitment || {};
  page('Commitment', kv([['Id', el('span', { class: 'mono' }, s.id)], ['Status', s.status], ['Outcome', outcome(s)],
    ['Block', s.height !== undefined ? blockLink(s.height) : '—'], ['Index', s.index], ['Kind', c.kind],
    ['Sender', addr(c.sender)], ['Nonce', c.nonce], ['Message', s.receipt && s.receipt.message]]),
  el('h2', {}, 'Payload'), el('pre', { id: 'payload' }, JSON.stringify(c.payload || {}, null, 2)));
}

async function accountPage(a) {
  const [acct, orders] = await Promise.all([api('/v1/accounts/' + a), api('/v1/accounts/' + a + '/orders')]);
  const recent = el('div', { id: 'account-commitments' }), head = el('div'), balances = el('div'), open = el('div');
  const show = (acct, orders) => {
    head.replaceChildren(kv([['Address', el('span', { class: 'mono' }, acct.address)], ['At height', acct.height],
      ['Next nonce', acct.nextNonce], ['Contract', acct.isContract ? contractLink(a) : 'no']]));
    balances.replaceChildren(table(['Token', 'Balance'], Object.entries(acct.balances).map(([t, v]) =>
      [t === 'coin' ? 'Coin' : contractLink(t), v]), { id: 'balances' }));
    open.replaceChildren(ordersTable(orders.orders));
  };
  show(acct, orders);
  page('Account', head, el('h2', {}, 'Balances'), balances, el('h2', {}, 'Open orders'), open,
  el('h2', {}, 'Commitments it sent (last ' + RECENT + ' blocks)'), recent);
  const draw = async () => {
    const mine = [];
    for (const b of state.blocks) for (const c of b.commitments || []) if (c.sender === a) mine.push([b.height, c]);
    const rows = [];
    for (const [h, c] of mine.reverse().slice(0, 20)) {
      const s = await tryApi('/v1/commitments/' + c.id);
      rows.push([commitLink(c.id), blockLink(h), c.kind, s ? outcome(s) : '—']);
    }
    recent.replaceChildren(table(['Id', 'Block', 'Kind', 'Outcome'], rows, { id: 'recent-commitments' }));
    const [fresh, freshOrders] = await Promise.all([tryApi('/v1/accounts/' + a), tryApi('/v1/accounts/' + a + '/orders')]);
    if (fresh && freshOrders) show(fresh, freshOrders);
  };
  await draw();
  onBlock(draw);
}

function ordersTable(orders) {
  return table(['Id', 'Market', 'Side', 'Price', 'Remaining', 'Owner'], (orders || []).map(o =>
    [el('span', { class: 'mono' }, short(o.id)), link('#/market/' + o.market, short(o.market)), o.side, o.price, o.remaining, addr(o.owner)]));
}

let contractRows = [], sortCol = 0, sortAsc = true;
async function contractsPage() {
  const list = await api('/v1/contracts?limit=1000');
  contractRows = await Promise.all(list.contracts.map(async c => ({ c, p: await tryApi('/v1/contracts/' + c.address + '/performance') })));
  const holder = el('div', { id: 'contracts-table' });
  page('Contracts', el('p', { class: 'muted' }, list.total + ' contracts at height ' + list.height), holder);
  const heads = ['Name', 'State', 'Shares', 'Price', 'Value per share', '1 day', '1 week', 'All time', 'Max drawdown', 'Fees paid'];
  const key = r => [r.c.name, r.c.status, num(r.c.shares), num(r.c.price), num(r.p && r.p.valuePerShare),
    r.p && r.p.change1d ? r.p.change1d.ppm : null, r.p && r.p.change1w ? r.p.change1w.ppm : null,
    r.p && r.p.changeAllTime ? r.p.changeAllTime.ppm : null, r.p ? r.p.maxDrawdownPpm : null, num(r.p && r.p.feesPaidCoin)];
  const render = () => {
    const rows = contractRows.slice().sort((x, y) => {
      const a = key(x)[sortCol], b = key(y)[sortCol];
      const r = a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;
      return sortAsc ? r : -r;
    }).map(({ c, p }) => [link('#/contract/' + c.address, c.name || short(c.address)), c.status, c.shares, c.price,
      dash(p && p.valuePerShare), ppmText(p && p.change1d && p.change1d.ppm), ppmText(p && p.change1w && p.change1w.ppm),
      ppmText(p && p.changeAllTime && p.changeAllTime.ppm), p ? ppmText(-p.maxDrawdownPpm) : '—', dash(p && p.feesPaidCoin)]);
    holder.replaceChildren(table(heads, rows, { id: 'contracts', sort: i => { sortAsc = sortCol === i ? !sortAsc : true; sortCol = i; render(); } }));
  };
  render();
}

async function contractPage(a) {
  const [c, perf, hist] = await Promise.all([api('/v1/contracts/' + a), tryApi('/v1/contracts/' + a + '/performance'),
    tryApi('/v1/contracts/' + a + '/value-history?limit=10000')]);
  const [orders, trades, execs, code, creation] = await Promise.all([tryApi('/v1/accounts/' + a + '/orders'),
    tryApi('/v1/markets/' + a + '-coin/trades?limit=128'), tryApi('/v1/contracts/' + a + '/executions'),
    tryApi('/v1/contracts/' + a + '/code'), c.creationId ? tryApi('/v1/creations/' + c.creationId) : null]);
  const vpsBox = el('div', { class: 'chart', id: 'vps-chart' }), priceBox = el('div', { class: 'chart', id: 'price-chart' });
  const holdings = Object.entries(c.holdings || {}).map(([t, v]) => [t === 'coin' ? 'Coin' : contractLink(t), v]);
  const holders = Object.entries(c.holders || {}).map(([h, v]) => [addr(h), v]);
  const ex = (execs && execs.executions || []).slice(-15).reverse().map(e => [blockLink(e.height), e.outcome,
    String(e.budgetUsed ?? '—'), (e.actions || []).map(x => x.kind).join(', ') || '—']);
  page(c.name || 'Contract', kv([['Address', el('span', { class: 'mono' }, c.address)], ['State', c.status],
    ['Manager', addr(c.manager)], ['Shares', c.shares], ['Treasury', c.treasury], ['Price', c.price],
    ['Value per share', dash(perf && perf.valuePerShare)], ['1 day', ppmText(perf && perf.change1d && perf.change1d.ppm)],
    ['1 week', ppmText(perf && perf.change1w && perf.change1w.ppm)], ['All time', ppmText(perf && perf.changeAllTime && perf.changeAllTime.ppm)],
    ['Max drawdown', perf ? ppmText(-perf.maxDrawdownPpm) : '—'], ['Fees paid (Coin)', dash(perf && perf.feesPaidCoin)],
    ['Market', link('#/market/' + a + '-coin', 'shares / Coin book')]]),
  el('div', { class: 'grid2' }, el('div', {}, el('h2', {}, 'Value per share'), vpsBox), el('div', {}, el('h2', {}, 'Price'), priceBox)),
  el('div', { class: 'grid2' }, el('div', {}, el('h2', {}, 'Holdings'), table(['Token', 'Quantity'], holdings, { id: 'holdings' })),
    el('div', {}, el('h2', {}, 'Holders (' + c.holderCount + ')'), table(['Holder', 'Shares'], holders, { id: 'holders' }))),
  el('h2', {}, 'Open orders'), ordersTable(orders && orders.orders),
  el('h2', {}, 'Recent trades'), tradesTable(trades && trades.trades && trades.trades.slice(0, 20)),
  el('h2', {}, 'Executions'), table(['Block', 'Outcome', 'Budget used', 'Actions'], ex, { id: 'executions' }),
  el('h2', {}, 'Code'), sealedNote(c, creation),
  el('pre', { id: 'code' }, typeof code === 'string' ? code : 'unavailable'));
  const pts = (hist && hist.points) || [];
  if (pts.length) {
    const xs = pts.map(p => p.timestamp / 1000), ys = pts.map(p => num(p.valuePerShare));
    const now = (perf && perf.timestamp ? perf.timestamp : Date.now()) / 1000;
    if (xs[xs.length - 1] < now) { xs.push(now); ys.push(ys[ys.length - 1]); }
    chart(vpsBox, 'Value per share (Coin)', xs, [{ label: 'value per share', values: ys, steps: true }]);
  } else vpsBox.append(el('p', { class: 'muted' }, 'No share outstanding yet.'));
  tradeChart(priceBox, trades && trades.trades);
}

// The price of each recent trade (the API's trades, oldest first; the last trade of a block where several share it).
function tradeChart(box, trades) {
  const ts = (trades || []).slice().reverse();
  const xs = [], ys = [];
  for (const t of ts) {
    const x = t.timestamp / 1000;
    if (xs.length && xs[xs.length - 1] === x) ys[ys.length - 1] = num(t.price); else { xs.push(x); ys.push(num(t.price)); }
  }
  if (!xs.length) { box.append(el('p', { class: 'muted' }, 'No trade yet.')); return; }
  chart(box, 'Trade price (Coin per share)', xs, [{ label: 'price', values: ys }], { xRange: [xs[0] - 30, xs[xs.length - 1] + 30] });
}

// Which parts of the code are sealed (K2), with the review report reference, as /v1/creations tells.
function sealedNote(c, creation) {
  if (!creation || !creation.sealed) {
    return el('p', { class: 'muted', id: 'sealed' }, 'Code hash ' + c.codeHash + '. No part of this code is sealed: all of it is below.');
  }
  const r = creation.reviewReport || {};
  const sections = creation.sealed.sections;
  return el('div', { id: 'sealed' }, kv([['Code hash', c.codeHash],
    ['Sealed sections', Array.isArray(sections) ? sections.join(', ') : dash(sections)],
    ['Review report', [dash(r.reference), r.vendor ? ' by ' + r.vendor : '', r.url ? ' (' + r.url + ')' : '']],
    ['Report SHA-256', dash(r.sha256)]]),
  el('p', { class: 'muted' }, 'The sealed sections run only on the execution servers; the public part is below.'));
}

function tradesTable(trades) {
  return table(['Block', 'Time', 'Price', 'Quantity', 'Taker side', 'Maker', 'Taker'], (trades || []).map(t =>
    [blockLink(t.height), t.time, t.price, t.quantity, t.takerSide, addr(t.maker), addr(t.taker)]));
}

function candleChart(box, candles) {
  const cs = (candles && candles.candles) || [];
  if (!cs.length) { box.append(el('p', { class: 'muted' }, 'No trade yet.')); return; }
  const xs = cs.map(k => k.start / 1000);
  const open = cs.map(k => num(k.open)), high = cs.map(k => num(k.high)), low = cs.map(k => num(k.low));
  // each candle drawn under the series as a wick (high to low) and a body (open to close), green
  // up and red down; the series is the close, drawn on top, so the legend follows the API's candles
  const drawCandles = u => {
    const ctx = u.ctx, w = Math.max(4, (u.valToPos(xs[0] + 45, 'x', true) - u.valToPos(xs[0], 'x', true)));
    ctx.save();
    for (let i = 0; i < xs.length; i++) {
      const x = u.valToPos(xs[i] + 30, 'x', true), close = u.data[1][i];
      ctx.strokeStyle = ctx.fillStyle = close >= open[i] ? '#11783a' : '#b3261e';
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(x, u.valToPos(high[i], 'y', true));
      ctx.lineTo(x, u.valToPos(low[i], 'y', true));
      ctx.stroke();
      const a = u.valToPos(open[i], 'y', true), b = u.valToPos(close, 'y', true);
      ctx.fillRect(x - w / 2, Math.min(a, b), w, Math.max(2, Math.abs(a - b)));
    }
    ctx.restore();
  };
  chart(box, 'Candles per minute (Coin; the line is the close)', xs.map(x => x + 30),
    [{ label: 'close', values: cs.map(k => num(k.close)) }],
    { xRange: [xs[0] - 60, xs[xs.length - 1] + 120], yRange: [Math.min(...low), Math.max(...high)], underlay: drawCandles });
}

async function marketsPage() {
  const list = await api('/v1/contracts?limit=1000');
  const rows = await Promise.all(list.contracts.map(async c => {
    const m = await tryApi('/v1/markets/' + c.address + '-coin');
    return [link('#/market/' + c.address + '-coin', (c.name || short(c.address)) + ' / Coin'), dash(m && m.lastPrice),
      dash(m && m.bestBid), dash(m && m.bestAsk), m ? String(m.trades) : '—'];
  }));
  const opts = await tryApi('/v1/options?limit=1000');
  page('Markets', table(['Book', 'Last', 'Best bid', 'Best ask', 'Trades'], rows, { id: 'markets' }),
    el('h2', {}, 'Option series'), optionsTable(opts && opts.series));
}

function optionsTable(series) {
  return table(['Series', 'Underlying', 'Type', 'Strike', 'Expiry block', 'Open interest', 'Settled'], (series || []).map(s =>
    [link('#/market/' + s.market, short(s.id)), contractLink(s.underlying), s.type, s.strike, String(s.expiryHeight), s.openInterest, String(s.settled)]));
}

async function marketPage(name) {
  const [m, book, trades, candles] = await Promise.all([api('/v1/markets/' + name), api('/v1/markets/' + name + '/book?levels=50'),
    api('/v1/markets/' + name + '/trades?limit=30'), api('/v1/markets/' + name + '/candles?period=1m')]);
  const depthBox = el('div', { class: 'chart', id: 'depth-chart' }), candleBox = el('div', { class: 'chart', id: 'candle-chart' });
  const opts = m.base !== 'coin' ? await tryApi('/v1/options?underlying=' + m.base) : null;
  const side = t => (t === 'coin' ? 'Coin' : short(t));
  page('Market ' + side(m.base) + ' / ' + side(m.quote), kv([['Market', el('span', { class: 'mono' }, m.market)],
    ['Last price', dash(m.lastPrice)], ['Best bid', dash(m.bestBid)], ['Best ask', dash(m.bestAsk)], ['Mark price', dash(m.markPrice)],
    ['Trades', m.trades], ['Base', m.base === 'coin' ? 'Coin' : contractLink(m.base)]]),
  el('div', { class: 'grid2' }, el('div', {}, el('h2', {}, 'Depth'), depthBox), el('div', {}, el('h2', {}, 'Candles'), candleBox)),
  el('div', { class: 'grid2' },
    el('div', {}, el('h2', {}, 'Bids'), table(['Price', 'Quantity', 'Orders'], book.bids.map(l => [l.price, l.quantity, String(l.orders)]), { id: 'bids' })),
    el('div', {}, el('h2', {}, 'Asks'), table(['Price', 'Quantity', 'Orders'], book.asks.map(l => [l.price, l.quantity, String(l.orders)]), { id: 'asks' }))),
  el('h2', {}, 'Recent trades'), tradesTable(trades.trades),
  el('h2', {}, 'Option series on this token'), optionsTable(opts && opts.series));
  depthChart(depthBox, book);
  candleChart(candleBox, candles);
}

// Depth: the quantity resting at each price level and better, per side (drawn, not printed).
function depthChart(box, book) {
  const levels = [];
  let cum = 0;
  for (const l of book.bids) { cum += num(l.quantity); levels.push([num(l.price), cum, null]); }
  cum = 0;
  for (const l of book.asks) { cum += num(l.quantity); levels.push([num(l.price), null, cum]); }
  if (!levels.length) { box.append(el('p', { class: 'muted' }, 'The book is empty.')); return; }
  levels.sort((a, b) => a[0] - b[0]);
  const xs = [], bids = [], asks = [];
  for (const [p, b, a] of levels) {
    if (xs.length && xs[xs.length - 1] === p) { if (b !== null) bids[bids.length - 1] = b; if (a !== null) asks[asks.length - 1] = a; continue; }
    xs.push(p); bids.push(b); asks.push(a);
  }
  chart(box, 'Cumulative quantity by price', xs, [{ label: 'bids', values: bids, steps: true }, { label: 'asks', values: asks, steps: true }],
    { numericX: true, xLabel: 'price' });
}

async function consensusPage() {
  const [st, params] = await Promise.all([api('/v1/status'), api('/v1/parameters')]);
  const part = el('div', { id: 'participation' }), changes = el('div', { id: 'round-changes' });
  const c = st.consensus || {};
  page('Consensus', kv([['Generator', addr(st.generator)], ['Height', st.height], ['Round', dash(c.round)],
    ['Quorum', dash(c.quorum)], ['Fault tolerance', dash(c.faultTolerance)], ['View changes', dash(c.viewChanges)], ['Evidence', dash(c.evidence)]]),
  el('h2', {}, 'Signers and their participation (last ' + RECENT + ' blocks seen)'), part,
  el('h2', {}, 'Round changes, failovers and parameters blocks'), changes,
  el('h2', {}, 'Network Parameters in force'), el('pre', { id: 'parameters' }, JSON.stringify(params, null, 2)));
  const draw = () => {
    const counts = {};
    const signers = (params.blockSigners || []);
    for (const b of state.blocks) for (const s of (b.certificate && b.certificate.signers) || []) counts[s] = (counts[s] || 0) + 1;
    const rows = Object.keys(counts).sort().map(s => [addr(s), counts[s] + ' of ' + state.blocks.length]);
    part.replaceChildren(el('p', { class: 'muted' }, signers.length + ' signers in the parameters'), table(['Signer', 'Blocks signed'], rows, { id: 'signers' }));
    const ev = state.blocks.filter(b => b.kind === 'special' || (b.certificate && b.certificate.round > 0)).map(b =>
      [blockLink(b.height), b.kind, b.certificate ? String(b.certificate.round) : '—', addr(b.generator),
        (b.commitments || []).map(x => x.kind).join(', ') || '—']);
    changes.replaceChildren(table(['Block', 'Kind', 'Round', 'Generator', 'Carries'], ev, { id: 'changes' }));
  };
  draw();
  onBlock(draw);
}

async function coinPage() {
  const s = await api('/v1/supply');
  // whatever /v1/supply answers, field by field: fields this node does not give yet are simply absent
  const plain = Object.entries(s).filter(([, v]) => v === null || typeof v !== 'object').map(([k, v]) => [k, dash(v)]);
  const rates = (s.rates || []).map(r => [r.currency, String(r.freshSources), dash(r.median)]);
  const rest = Object.entries(s).filter(([k, v]) => k !== 'rates' && v !== null && typeof v === 'object');
  page('Coin', kv(plain), el('h2', {}, 'Rates (median of fresh reports)'), table(['Currency', 'Fresh sources', 'Median'], rates, { id: 'rates' }),
    ...rest.map(([k, v]) => [el('h2', {}, k), el('pre', {}, JSON.stringify(v, null, 2))]).flat(),
    el('p', { class: 'muted' }, 'Operator reports appear here beside the chain\'s figures when this node\'s /v1/supply gives them.'));
}

// ---- search and routing ----
async function search(q) {
  q = q.trim();
  if (/^[0-9]{1,19}$/.test(q)) return '#/block/' + q;
  if (/^[0-9a-f]{64}$/.test(q)) {
    if (await tryApi('/v1/commitments/' + q)) return '#/commitment/' + q;
    const b = state.blocks.find(x => x.hash === q);
    if (b) return '#/block/' + b.height;
    return '#/commitment/' + q;
  }
  if (/^bx[0-9a-f]{48}$/.test(q)) return (await tryApi('/v1/contracts/' + q)) ? '#/contract/' + q : '#/account/' + q;
  return null;
}

async function route() {
  const [, what, arg] = (location.hash || '#/').split('/');
  try {
    switch (what) {
      case '': case undefined: return await chainPage();
      case 'block': return await blockPage(arg);
      case 'commitment': return await commitmentPage(arg);
      case 'account': return await accountPage(arg);
      case 'contracts': return await contractsPage();
      case 'contract': return await contractPage(arg);
      case 'markets': return await marketsPage();
      case 'market': return await marketPage(arg);
      case 'consensus': return await consensusPage();
      case 'coin': return await coinPage();
      default: page('Not found', el('p', {}, 'No such page.'));
    }
  } catch (e) {
    page('Error', el('p', { class: 'error', id: 'error' }, e.message + (e.body && e.body.reason ? ': ' + e.body.reason : '')));
  }
}

document.getElementById('search').addEventListener('submit', async ev => {
  ev.preventDefault();
  const target = await search(document.getElementById('q').value);
  if (target) location.hash = target; else page('Search', el('p', { class: 'error' }, 'Give a block height, a 64-digit id or hash, or a bx… address.'));
});
window.addEventListener('hashchange', route);
(async () => {
  const st = await tryApi('/v1/status');
  state.head = st ? st.height : 0;
  startStream();
  route();
})();
