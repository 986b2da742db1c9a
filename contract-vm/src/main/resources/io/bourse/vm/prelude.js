// The sandbox's prelude (docs/contracts.md, "The sandbox's rules"). The host evaluates it once in
// every new context, before anything else, and keeps the object it answers: load, run, finish.
// It leaves nothing of its own on globalThis. In order, it
//   1. removes every global not on the allow-list, and RegExp's legacy statics (RegExp.$1,
//      RegExp.input…: state that one call could leave for the next);
//   2. makes Math.random (xorshift128, seeded by the host for every call) and Date (the block's
//      time, UTC) deterministic, and routes JSON.parse/stringify through its own code (the
//      meter must see a host stack overflow they turn into a RangeError);
//   3. freezes everything reachable from globalThis and the intrinsics no global names
//      (generator, async and iterator prototypes, %TypedArray%, Promise…): a lockdown in the
//      style of SES. After it, no call can leave anything behind for the next one, so a
//      context kept alive across calls answers exactly like a fresh one.
// The contract's code runs inside a function, once per call (run): its top-level variables are
// new every call. Its statements and the prelude's are counted by the meter (MeterInstrument).
(function () {
  'use strict';

  const ALLOWED = new Set([
    'Object', 'Function', 'Array', 'String', 'Number', 'Boolean', 'Symbol', 'BigInt', 'RegExp', 'Math', 'JSON',
    'Date', 'Map', 'Set', 'WeakMap', 'WeakSet', 'Reflect', 'Proxy', 'Iterator', 'Promise',
    'Error', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError', 'AggregateError',
    'ArrayBuffer', 'DataView', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
    'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
    'NaN', 'Infinity', 'undefined', 'isNaN', 'isFinite', 'parseFloat', 'parseInt',
    'encodeURI', 'encodeURIComponent', 'decodeURI', 'decodeURIComponent', 'globalThis']);
  const REGEXP_STATICS = ['input', '$_', 'lastMatch', '$&', 'lastParen', '$+', 'leftContext', '$`', 'rightContext',
    "$'", '$1', '$2', '$3', '$4', '$5', '$6', '$7', '$8', '$9'];
  const ENTRIES = ['onNewBlock', 'onCreate', 'onClosing'];
  const MAX_ACTIONS = 64, MAX_WRITES = 256, MAX_KEY_CHARS = 256, MAX_VALUE_CHARS = 65536, MAX_ARRAY = 4096;
  const MAX_PAGE = 256, DEFAULT_PAGE = 64, SORTS = new Set(['address', 'recent', 'capitalization']);
  const isInteger = Number.isInteger;

  const { freeze, keys, entries: objectEntries, getPrototypeOf, defineProperty: defineOrThrow } = Object;
  const { apply, defineProperty, deleteProperty, getOwnPropertyDescriptor, ownKeys, construct } = Reflect;
  const isArray = Array.isArray;
  const EngineMap = Map, EngineSet = Set, EnginePromise = Promise, EngineError = Error, EngineTypeError = TypeError;
  const promiseThen = Promise.prototype.then;
  const engineParse = JSON.parse, engineStringify = JSON.stringify;

  // 1. the allow-list ---------------------------------------------------------------------------
  for (const name of ownKeys(globalThis)) {
    if (typeof name === 'string' && !ALLOWED.has(name) && !deleteProperty(globalThis, name)) {
      throw new EngineError('the prelude cannot remove the global ' + name);
    }
  }
  for (const name of REGEXP_STATICS) {
    if (!deleteProperty(RegExp, name)) {
      throw new EngineError('the prelude cannot remove RegExp.' + name);
    }
  }

  // 2. determinism --------------------------------------------------------------------------------
  // Math.random: xorshift128, seeded per call from SHA-256(block hash ‖ contract address) by the host
  let x = 0, y = 0, z = 0, w = 1;
  function seed(s0, s1, s2, s3) {
    x = s0 | 0; y = s1 | 0; z = s2 | 0; w = s3 | 0;
    if ((x | y | z | w) === 0) {
      w = 1;
    }
  }
  Math.random = ({ random() {
    const t = x ^ (x << 11);
    x = y; y = z; z = w;
    w = (w ^ (w >>> 19)) ^ (t ^ (t >>> 8));
    return (w >>> 0) / 4294967296;
  } }).random;

  // Date: "now" is the block's timestamp, set per call; the zone is UTC (set by the host)
  let blockMillis = 0;
  const EngineDate = Date;
  const BlockDate = new Proxy(EngineDate, {
    apply() { return new EngineDate(blockMillis).toString(); },
    construct(target, args, newTarget) { return construct(EngineDate, args.length ? args : [blockMillis], newTarget); }
  });
  EngineDate.now = ({ now() { return blockMillis; } }).now;
  EngineDate.prototype.constructor = BlockDate; // new (new Date().constructor)() must not read the clock
  globalThis.Date = BlockDate;

  // Function and its kin (generator, async) parse their code before refusing it (js.allow-eval is
  // false): a parser bomb would overflow the host's stack first. These refuse at once.
  const EngineEvalError = EvalError;
  for (const Kind of [Function, getPrototypeOf(function* () {}).constructor, getPrototypeOf(async function () {}).constructor,
    getPrototypeOf(async function* () {}).constructor]) {
    const refuse = function () { throw new EngineEvalError('code generation from strings is not available'); };
    defineProperty(refuse, 'name', { value: Kind.name });
    defineProperty(refuse, 'prototype', { value: Kind.prototype, writable: false, enumerable: false, configurable: false });
    Reflect.setPrototypeOf(refuse, getPrototypeOf(Kind));
    defineProperty(Kind.prototype, 'constructor', { value: refuse, writable: false, enumerable: false, configurable: true });
    if (Kind === Function) {
      globalThis.Function = refuse;
    }
  }

  JSON.parse = ({ parse(text, reviver) { return engineParse(text, reviver); } }).parse;
  JSON.stringify = ({ stringify(value, replacer, space) { return engineStringify(value, replacer, space); } }).stringify;

  // 3. lockdown -----------------------------------------------------------------------------------
  // Properties code commonly assigns on its own objects (e.toString = …, err.name = …) would be
  // refused once the prototype holding them is frozen (the "override mistake"): they become
  // accessors that define the property on the object assigned to, and refuse the prototype itself.
  function tame(proto, names) {
    for (const name of names) {
      const d = getOwnPropertyDescriptor(proto, name);
      if (d === undefined || !('value' in d) || !d.configurable) {
        continue;
      }
      const value = d.value;
      defineProperty(proto, name, {
        get: ({ [name]() { return value; } })[name],
        set: ({ [name](v) {
          if (this === proto) {
            throw new EngineTypeError('Cannot assign to read only property \'' + String(name) + '\' of a frozen intrinsic');
          }
          defineOrThrow(this, name, { value: v, writable: true, enumerable: true, configurable: true });
        } })[name],
        enumerable: d.enumerable,
        configurable: false
      });
    }
  }
  tame(Object.prototype, ['constructor', 'toString', 'toLocaleString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf',
    'propertyIsEnumerable']);
  tame(Function.prototype, ['constructor', 'toString']);
  for (const E of [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError, AggregateError]) {
    tame(E.prototype, ['constructor', 'name', 'message', 'toString']);
  }

  function lockdown(roots) {
    const seen = new EngineSet();
    const todo = roots.slice();
    while (todo.length > 0) {
      const o = todo.pop();
      if ((typeof o !== 'object' && typeof o !== 'function') || o === null || seen.has(o)) {
        continue;
      }
      seen.add(o);
      for (const k of ownKeys(o)) {
        const d = getOwnPropertyDescriptor(o, k);
        if ('value' in d) {
          todo.push(d.value);
        } else {
          todo.push(d.get, d.set);
        }
      }
      todo.push(getPrototypeOf(o));
      freeze(o);
    }
    return seen.size;
  }
  const intrinsics = [
    globalThis,
    function* () {}, async function () {}, async function* () {},
    (function* () {})(), (async function* () {})(),
    (async function () {})(), // a Promise: its constructor and prototype, for code that never names Promise
    [][Symbol.iterator](), new Map()[Symbol.iterator](), new Set()[Symbol.iterator](), ''[Symbol.iterator](),
    /a/[Symbol.matchAll](''), getPrototypeOf(Int8Array)
  ];
  for (const d of [getOwnPropertyDescriptor(Function.prototype, 'caller'),
    (function () { 'use strict'; return getOwnPropertyDescriptor(arguments, 'callee'); })()]) {
    if (d !== undefined) {
      intrinsics.push(d.get, d.set); // %ThrowTypeError%
    }
  }
  if (typeof Iterator === 'function' && typeof Iterator.from === 'function') {
    intrinsics.push(Iterator.from({ next() { return { done: true }; } }));
    if (typeof Iterator.prototype.map === 'function') {
      intrinsics.push([].values().map((v) => v));
    }
  }
  const lockedDown = lockdown(intrinsics);

  // the calls ------------------------------------------------------------------------------------
  let contract;      // the contract's code as a function, answering its entry points (load)
  let call;          // the call in progress (run … finish)

  /** Takes the contract's code, compiled by the host as `(() => { code; return [entries] })`. */
  function load(code) {
    freeze(code);
    contract = code;
    return lockedDown;
  }

  /** A plain copy of an action argument: own enumerable data only, primitives, arrays and objects of them. */
  function copy(v, depth, what) {
    if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') {
      return v;
    }
    if (typeof v === 'bigint') {
      return v.toString();
    }
    if (depth > 3 || typeof v !== 'object') {
      throw new EngineTypeError(what + ' are strings, numbers, booleans, BigInts, arrays and plain objects');
    }
    if (isArray(v)) {
      const n = v.length;
      if (n > MAX_ARRAY) {
        throw new EngineTypeError('an array in ' + what + ' has at most ' + MAX_ARRAY + ' elements');
      }
      const out = [];
      for (let i = 0; i < n; i++) {
        defineProperty(out, i, { value: copy(v[i], depth + 1, what), writable: true, enumerable: true, configurable: true });
      }
      return out;
    }
    const out = {};
    for (const k of keys(v)) {
      const d = getOwnPropertyDescriptor(v, k);
      if (d === undefined) {
        continue;
      }
      if (!('value' in d)) {
        throw new EngineTypeError(what + ' must not have getters or setters');
      }
      defineProperty(out, k, { value: copy(d.value, depth + 1, what), writable: true, enumerable: true, configurable: true });
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

  function live(c) {
    if (call !== c) {
      throw new EngineTypeError('this ctx belongs to a call that has returned');
    }
  }

  /** The first limit a call breaks fails it (limit-exceeded); what comes after is not kept. */
  function overLimit(c, why) {
    if (c.limit === undefined) {
      c.limit = why;
    }
  }

  /** Parses a listed contract (or a list of them) the host answered, frozen; null stays null. */
  function listed(text) {
    return text === null ? null : deepFreeze(engineParse(text));
  }

  /**
   * ctx.market: look-ups into the block's market, answered by the host (one function, strings in,
   * JSON text out) and parsed here, so a call pays for what it reads; `contracts` is the whole list.
   */
  function marketOf(host, c) {
    const known = new EngineMap();
    let all;
    return freeze({
      get contracts() {
        live(c);
        if (all === undefined) {
          all = listed(host('all'));
        }
        return all;
      },
      get count() {
        live(c);
        return host('count');
      },
      get(address) {
        live(c);
        if (typeof address !== 'string') {
          throw new EngineTypeError('ctx.market.get takes an address string');
        }
        if (!known.has(address)) {
          known.set(address, listed(host('get', address)));
        }
        return known.get(address);
      },
      list(options) {
        live(c);
        const o = copy(options === undefined ? {} : options, 0, 'ctx.market.list options');
        if (o === null || typeof o !== 'object' || isArray(o)) {
          throw new EngineTypeError('ctx.market.list takes { sort, offset, limit }');
        }
        const sort = o.sort === undefined ? 'address' : o.sort;
        const offset = o.offset === undefined ? 0 : o.offset;
        const limit = o.limit === undefined ? DEFAULT_PAGE : o.limit;
        if (!SORTS.has(sort)) {
          throw new EngineTypeError('ctx.market.list: sort is address, recent or capitalization');
        }
        if (!isInteger(offset) || offset < 0 || offset > 0x7fffffff) {
          throw new EngineTypeError('ctx.market.list: offset is a non-negative integer');
        }
        if (!isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
          throw new EngineTypeError('ctx.market.list: limit is an integer from 1 to ' + MAX_PAGE);
        }
        return listed(host('page', sort, offset, limit));
      }
    });
  }

  function context(data, c, host) {
    const stored = new EngineMap(objectEntries(data.storage));
    const act = (type) => freeze(({ [type](args) {
      live(c);
      const copied = copy(args === undefined ? {} : args, 0, 'action arguments');
      if (c.actions.length >= MAX_ACTIONS) {
        overLimit(c, 'more than ' + MAX_ACTIONS + ' actions in one call');
        return;
      }
      c.actions.push({ type: type, args: copied });
    } })[type]);
    function write(key, value) {
      if (key.length === 0 || key.length > MAX_KEY_CHARS) {
        overLimit(c, 'a storage key must have 1 to ' + MAX_KEY_CHARS + ' characters');
      } else if (value !== null && value.length > MAX_VALUE_CHARS) {
        overLimit(c, 'a storage value must have at most ' + MAX_VALUE_CHARS + ' characters');
      } else if (!c.writes.has(key) && c.writes.size >= MAX_WRITES) {
        overLimit(c, 'more than ' + MAX_WRITES + ' storage writes in one call');
      } else {
        c.writes.set(key, value);
      }
    }
    const storage = freeze({
      get(key) {
        live(c);
        key = String(key);
        if (c.writes.has(key)) {
          const v = c.writes.get(key);
          return v === null ? undefined : v;
        }
        return stored.has(key) ? stored.get(key) : undefined;
      },
      set(key, value) { live(c); write(String(key), String(value)); },
      delete(key) { live(c); write(String(key), null); }
    });
    return freeze({
      block: deepFreeze(data.block),
      contract: deepFreeze(data.contract),
      market: marketOf(host, c),
      params: deepFreeze(data.params),
      storage: storage,
      placeOrder: act('placeOrder'),
      cancelOrder: act('cancelOrder'),
      buyFromContract: act('buyFromContract'),
      writeOption: act('writeOption'),
      exerciseOption: act('exerciseOption')
    });
  }

  /** What a thrown value says, computed here, under the budget (its toString is the contract's code). */
  function describe(e) {
    try {
      return String(e);
    } catch (ignored) {
      return 'a value that cannot be turned into a string';
    }
  }

  /**
   * Runs one call: the contract's top level, then its entry point with a fresh ctx. `input` is the
   * call's own data as JSON (entry, block, params, contract, storage); `host` the market's look-up. What the
   * contract throws is kept as the call's error; an async entry point is awaited (the host drains
   * promise jobs when run returns, inside the call and under its budget).
   */
  function run(s0, s1, s2, s3, millis, input, host) {
    seed(s0, s1, s2, s3);
    blockMillis = millis;
    const c = { actions: [], writes: new EngineMap(), limit: undefined, error: undefined, noEntry: false };
    call = c;
    const data = engineParse(input);
    const ctx = context(data, c, host);
    try {
      const entry = apply(contract, undefined, [])[ENTRIES.indexOf(data.entry)];
      if (typeof entry !== 'function') {
        c.noEntry = data.entry === 'onNewBlock';
        return;
      }
      const result = apply(entry, globalThis, [ctx]);
      if (result instanceof EnginePromise) {
        apply(promiseThen, result, [undefined, (e) => { c.error = describe(e); }]);
      }
    } catch (e) {
      c.error = describe(e);
    }
  }

  /** Ends the call: revokes its ctx and answers its result as JSON for the host to check. */
  function finish() {
    const c = call;
    call = undefined;
    if (c.limit !== undefined) {
      return engineStringify({ limit: c.limit });
    }
    if (c.error !== undefined) {
      return engineStringify({ error: c.error });
    }
    if (c.noEntry) {
      return engineStringify({ noEntry: true });
    }
    const writes = [];
    for (const entry of c.writes) {
      writes.push(entry);
    }
    return engineStringify({ actions: c.actions, writes: writes });
  }

  return freeze({ load: freeze(load), run: freeze(run), finish: freeze(finish) });
})();
