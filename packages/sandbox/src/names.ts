/**
 * Which input keys become local names of an expression (`const { ticket, rate } = $in`).
 * Only real identifiers qualify (Chinese names like `工时` included); reserved words, `eval`,
 * `arguments` and our own `$in` would not compile in strict mode and are skipped.
 */
const IDENTIFIER = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200C\u200D]*$/u
const RESERVED = new Set([
  'arguments', 'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default',
  'delete', 'do', 'else', 'enum', 'eval', 'export', 'extends', 'false', 'finally', 'for', 'function',
  'if', 'implements', 'import', 'in', 'instanceof', 'interface', 'let', 'new', 'null', 'package',
  'private', 'protected', 'public', 'return', 'static', 'super', 'switch', 'this', 'throw', 'true',
  'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', '$in',
])

// The same few keys (ticket, vars, ...) come back on every call: remember verdicts, bounded.
const verdicts = new Map<string, boolean>()

function isName(key: string): boolean {
  let ok = verdicts.get(key)
  if (ok === undefined) {
    ok = IDENTIFIER.test(key) && !RESERVED.has(key)
    if (verdicts.size >= 10_000) verdicts.clear()
    verdicts.set(key, ok)
  }
  return ok
}

/** Comma-joined usable names; also part of the compile-cache key (identifiers contain no comma). */
export function expressionNames(input: object): string {
  let names = ''
  for (const key of Object.keys(input)) {
    if (isName(key)) names = names === '' ? key : `${names},${key}`
  }
  return names
}
