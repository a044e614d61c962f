/**
 * JavaScript that runs *inside* the isolates. Everything crosses the boundary as a string:
 * input goes in as JSON, results come out as one tagged string (see `decode` in outcome.ts).
 * The host only ever JSON.parses what comes out, so even a guest that tampers with these helpers
 * (possible in a script's own throwaway context) can at worst garble its own result.
 *
 * Result tags: '=' JSON value, '_' undefined, '!' runtime error, '#' output error, '?' syntax error.
 */

/** Shared helpers, captured before any user code can touch the intrinsics they use. */
const COMMON = String.raw`
'use strict';
const S = String, stringify = JSON.stringify, parse = JSON.parse, freeze = Object.freeze;
const tagOf = Function.prototype.call.bind(Object.prototype.toString);
const PLAIN = freeze({ __proto__: null, '[object Object]': 1, '[object Array]': 1,
  '[object Number]': 1, '[object String]': 1, '[object Boolean]': 1 });
// The first stack frame located in the user's script (not an 'eval at script.js' origin).
const MAX_OUTPUT = 8 * 1024 * 1024;
const LINE = /^\s+at (?:[^\n(]*\()?script\.js:(\d+):\d+\)?$/m;

function describe(e) {
  try {
    if (!(e instanceof Error)) return 'Uncaught ' + S(e);
    const at = LINE.exec(S(e.stack));
    return S(e.name) + ': ' + S(e.message) + (at ? ' (line ' + at[1] + ')' : '');
  } catch (_) { return 'Uncaught exception' }
}

// JSON.stringify would silently drop functions/symbols and turn Map, Set or a Promise into {}:
// reject them instead so a formula bug is visible, not a silently wrong settlement.
function replacer(key, value) {
  const t = typeof value;
  let what;
  if (t === 'function' || t === 'symbol' || t === 'bigint') what = 'a ' + t;
  else if (t === 'object' && value !== null && PLAIN[tagOf(value)] !== 1) what = 'a ' + tagOf(value).slice(8, -1);
  if (what === undefined) return value;
  throw new TypeError('cannot return ' + what + (key === '' ? '' : ' (at key "' + key + '")')
    + '; only JSON values leave the sandbox');
}

function finish(value) {
  if (value === undefined) return '_';
  let json;
  try { json = stringify(value, replacer) } catch (e) { return '#' + describe(e) }
  if (json === undefined) return '_';
  // The host copies the string into its own heap; a formula has no business returning more.
  if (json.length > MAX_OUTPUT) return '#TypeError: the result is larger than ' + MAX_OUTPUT + ' characters of JSON';
  return '=' + json;
}

function invoke(fn, input) {
  let value;
  try { value = fn(input) } catch (e) { return '!' + describe(e) }
  return finish(value);
}
`

/**
 * Host-free by construction (isolated-vm contexts have no require/process/timers), but V8 still
 * adds a few globals we do not want: eval (the only way to create global lexical bindings that
 * would outlive a run in the shared expression context), console (a no-op in isolated-vm),
 * WebAssembly and SharedArrayBuffer/Atomics (memory outside the heap limit, blocking waits),
 * WeakRef/FinalizationRegistry (GC-timed callbacks make results nondeterministic), and the legacy
 * RegExp statics (RegExp.$1, lastMatch, ...) which would hand one run the previous run's match.
 */
const STRIP = String.raw`
for (const name of ['eval', 'console', 'WebAssembly', 'SharedArrayBuffer', 'Atomics', 'WeakRef', 'FinalizationRegistry'])
  delete globalThis[name];
for (const k of Object.getOwnPropertyNames(RegExp))
  if (k[0] === '$' || k === 'input' || k === 'lastMatch' || k === 'lastParen' || k === 'leftContext' || k === 'rightContext')
    delete RegExp[k];
`

/**
 * Evaluated once in each fresh script context; yields run(fn, json). Input keys become globals of
 * that context, which is thrown away afterwards, so nothing needs freezing here (and freezing would
 * break ordinary user code such as assigning obj.toString).
 */
export const SCRIPT_PRELUDE = String.raw`(function () {
${COMMON}
${STRIP}
const g = globalThis, keys = Object.keys;
return function run(fn, json) {
  try {
    const input = parse(json), names = keys(input);
    for (let i = 0; i < names.length; i++) g[names[i]] = input[names[i]];
  } catch (e) { return '!' + describe(e) }
  return invoke(fn, undefined);
};
})()`

/**
 * Evaluated once per isolate in the long-lived expression context; yields compile(names, expr).
 * Shared state is ruled out by: every reachable intrinsic (including the ones only reachable
 * through generator / iterator prototypes) deep-frozen, the global object frozen, eval removed,
 * strict mode, and input arriving as a fresh JSON.parse per call. The Function constructor checks
 * that the body is one function literal, so an expression cannot close the wrapper and run code
 * at the context's top level.
 */
export const EXPRESSION_BOOTSTRAP = String.raw`(function () {
${COMMON}
${STRIP}
const F = Function, getProto = Object.getPrototypeOf, ownKeys = Reflect.ownKeys, desc = Object.getOwnPropertyDescriptor;
const stack = [globalThis, function* () {}, async function () {}, async function* () {},
  (function* () {})(), (async function* () {})(), [][Symbol.iterator](), new Map()[Symbol.iterator](),
  new Set()[Symbol.iterator](), ''[Symbol.iterator](), /x/[Symbol.matchAll]('')];
// Its segment iterators have prototypes only an instance leads to, and creating one costs ~15 ms
// of ICU loading per isolate; formulas have no use for word segmentation, so it goes.
if (typeof Intl === 'object') delete Intl.Segmenter;
const seen = new Set();
while (stack.length > 0) {
  const o = stack.pop();
  if (o === null || (typeof o !== 'object' && typeof o !== 'function') || seen.has(o)) continue;
  seen.add(o);
  freeze(o);
  stack.push(getProto(o));
  for (const k of ownKeys(o)) {
    const d = desc(o, k);
    if (d !== undefined) stack.push(d.value, d.get, d.set);
  }
}
return function compile(names, expr) {
  let fn;
  try { fn = new F('$in', '"use strict"; const {' + names + '} = $in;\nreturn (\n' + expr + '\n);') }
  catch (e) { return '?' + S(e && e.message) }
  freeze(fn);
  freeze(fn.prototype);
  return freeze(function (json) { return invoke(fn, parse(json)) });
};
})()`
