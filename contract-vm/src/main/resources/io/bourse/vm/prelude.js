// The sandbox's prelude (docs/contracts.md), evaluated in every fresh context before the
// contract's code. It defines one function, __bourseInstall, which the host calls once with the
// call's seed and block time; it removes every global not on the allow-list, makes Math.random
// and Date deterministic, and leaves __bourseRun, the entry point the host calls with the
// context's data as a JSON string. Everything it needs is captured here, before any contract
// code runs, so a contract that tampers with builtins only changes its own answer, which the
// host checks anyway.
globalThis.__bourseInstall = function (s0, s1, s2, s3, blockMillis) {
  'use strict';
  const ALLOWED = new Set([
    'Object', 'Function', 'Array', 'String', 'Number', 'Boolean', 'Symbol', 'BigInt', 'RegExp', 'Math', 'JSON',
    'Date', 'Map', 'Set', 'WeakMap', 'WeakSet', 'Reflect', 'Proxy', 'Iterator',
    'Error', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError', 'AggregateError',
    'ArrayBuffer', 'DataView', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
    'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
    'NaN', 'Infinity', 'undefined', 'isNaN', 'isFinite', 'parseFloat', 'parseInt',
    'encodeURI', 'encodeURIComponent', 'decodeURI', 'decodeURIComponent', 'globalThis',
    '__bourseInstall', '__bourseRun']);
  for (const name of Object.getOwnPropertyNames(globalThis)) {
    if (!ALLOWED.has(name) && !Reflect.deleteProperty(globalThis, name)) {
      globalThis[name] = undefined; // not configurable: at least make it nothing
    }
  }

  // Math.random: xorshift128 seeded from SHA-256(block hash, contract address), by the host
  let x = s0 | 0, y = s1 | 0, z = s2 | 0, w = s3 | 0;
  if ((x | y | z | w) === 0) {
    w = 1;
  }
  Math.random = function random() {
    const t = x ^ (x << 11);
    x = y; y = z; z = w;
    w = (w ^ (w >>> 19)) ^ (t ^ (t >>> 8));
    return (w >>> 0) / 4294967296;
  };

  // Date: the block's timestamp is "now"; the zone is UTC (set by the host)
  const RealDate = Date;
  RealDate.now = function now() { return blockMillis; };
  globalThis.Date = new Proxy(RealDate, {
    apply() { return new RealDate(blockMillis).toString(); },
    construct(target, args, newTarget) { return Reflect.construct(RealDate, args.length ? args : [blockMillis], newTarget); }
  });

  const parse = JSON.parse, stringify = JSON.stringify, freeze = Object.freeze, keys = Object.keys;
  // JSON.parse and JSON.stringify turn a host stack overflow into a RangeError that drops its
  // cause. Routed through this code, that error passes the meter's probes on its way out (even
  // when a promise job called them), so the server abstains instead of answering with what its
  // own stack allowed (Meter.isStackOverflow).
  const engineParse = parse, engineStringify = stringify;
  JSON.parse = ({ parse(text, reviver) { return engineParse(text, reviver); } }).parse;
  JSON.stringify = ({ stringify(value, replacer, space) { return engineStringify(value, replacer, space); } }).stringify;
  const hasOwn = Object.prototype.hasOwnProperty, isArray = Array.isArray;

  /** A plain copy of an action argument: own enumerable data only, primitives and arrays of them. */
  function copy(v, depth) {
    if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') {
      return v;
    }
    if (typeof v === 'bigint') {
      return v.toString();
    }
    if (depth > 3 || typeof v !== 'object') {
      throw new TypeError('action arguments are strings, numbers, booleans, BigInts, arrays and plain objects');
    }
    if (isArray(v)) {
      const out = [];
      for (let i = 0; i < v.length; i++) {
        out.push(copy(v[i], depth + 1));
      }
      return out;
    }
    const out = {};
    for (const k of keys(v)) {
      out[k] = copy(v[k], depth + 1);
    }
    return out;
  }

  /** Freezes a parsed JSON value all the way down: ctx's data is read-only. */
  function deepFreeze(v) {
    if (v !== null && typeof v === 'object') {
      for (const k of keys(v)) {
        deepFreeze(v[k]);
      }
      freeze(v);
    }
    return v;
  }

  globalThis.__bourseRun = function (input) {
    const data = parse(input);
    const actions = [];
    const writes = {};
    const stored = data.storage;
    const act = (type) => (args) => {
      actions.push({ type: type, args: copy(args === undefined ? {} : args, 0) });
    };
    const storage = freeze({
      get(key) {
        key = String(key);
        if (hasOwn.call(writes, key)) {
          return writes[key] === null ? undefined : writes[key];
        }
        return hasOwn.call(stored, key) ? stored[key] : undefined;
      },
      set(key, value) { writes[String(key)] = String(value); },
      delete(key) { writes[String(key)] = null; }
    });
    const ctx = freeze({
      block: deepFreeze(data.block),
      contract: deepFreeze(data.contract),
      market: deepFreeze(data.market),
      params: deepFreeze(data.params),
      storage: storage,
      placeOrder: act('placeOrder'),
      cancelOrder: act('cancelOrder'),
      buyFromContract: act('buyFromContract'),
      writeOption: act('writeOption'),
      exerciseOption: act('exerciseOption')
    });
    const entry = data.entry;
    if (typeof globalThis[entry] !== 'function') {
      if (entry === 'onNewBlock') {
        throw new TypeError('the contract defines no function onNewBlock(ctx)');
      }
      return stringify({ actions: [], writes: {} });
    }
    globalThis[entry](ctx);
    return stringify({ actions: actions, writes: writes });
  };
  Reflect.deleteProperty(globalThis, '__bourseInstall');
};
