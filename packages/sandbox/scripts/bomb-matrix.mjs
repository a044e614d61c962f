#!/usr/bin/env node
// Which memory bombs abort the whole Node process, and which fail cleanly? Runs every bomb in a
// fresh child Node (so an abort cannot take this script down) through createSandbox(), once per
// mode and isolation, and prints a markdown matrix (recorded in docs/performance.md).
//
//   node packages/sandbox/scripts/bomb-matrix.mjs [--isolation=inline,process] [--memory=32]
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const HOOKS = new URL('./ts-hooks.mjs', import.meta.url).href
const INDEX = new URL('../src/index.ts', import.meta.url).href
const arg = (name, fallback) => process.argv.find(a => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback

export const BOMBS = {
  'doubling + flatten': "let s = 'x'; while (true) { s = s + s; s.charCodeAt(s.length - 1) }",
  'doubling, no flatten': "let s = 'x'; while (true) { s = s + s }",
  "'x'.repeat(2**29)": "return 'x'.repeat(2 ** 29).length",
  "'x'.repeat(2**28)": "return 'x'.repeat(2 ** 28).length",
  "'x'.padEnd(1e8)": "return 'x'.padEnd(1e8).length",
  'new Array(2**30).fill(0)': 'return new Array(2 ** 30).fill(0).length',
  'new Array(1e8).fill(0)': 'return new Array(1e8).fill(0).length',
  'Array.from({ length: 5e7 })': 'return Array.from({ length: 5e7 }).length',
  'new Float64Array(2**28)': 'return new Float64Array(2 ** 28).length',
  'new Uint8Array(2**31)': 'return new Uint8Array(2 ** 31).length',
  'new ArrayBuffer(2**30) × n': 'const a = []; while (true) a.push(new ArrayBuffer(2 ** 30))',
  'array of 1e5 blocks (growing)': 'const a = []; while (true) a.push(new Array(1e5).fill(a.length))',
  'many strings (growing)': "const a = []; while (true) a.push(('工单' + a.length).repeat(500).toUpperCase())",
  "'x'.repeat(1e7) joined ×20": "return Array(20).fill('x'.repeat(1e7)).join('').length",
  'JSON.stringify of a big array': "return JSON.stringify(new Array(1e7).fill('abcdefgh')).length",
}

const RUNNER = String.raw`
const { createSandbox } = await import(process.env.INDEX)
const sandbox = createSandbox({ isolation: process.env.ISOLATION })
const limits = { timeoutMs: 5000, memoryMb: Number(process.env.MEMORY) }
const source = process.env.BOMB
// Warm up first, so the time reported is the bomb's, not the child's boot or the first isolate.
await sandbox.run('return 0')
await sandbox.evaluate('0', {})
const r = process.env.MODE === 'run'
  ? await sandbox.run(source, {}, limits)
  : await sandbox.evaluate('(() => {' + source + '\n})()', {}, limits)
const next = await sandbox.run('return 6 * 7')
console.log(JSON.stringify({ r, next: next.ok && next.value === 42 }))
sandbox.dispose()
`

function runOne(bomb, mode, isolation, memory) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--no-node-snapshot', '--import',
      `data:text/javascript,import{register}from"node:module";register(${JSON.stringify(HOOKS)})`,
      '--input-type=module', '-e', RUNNER], {
      env: { ...process.env, INDEX, BOMB: bomb, MODE: mode, ISOLATION: isolation, MEMORY: String(memory) },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => { out += d })
    child.stderr.on('data', (d) => { err = (err + d).slice(-4000) })
    const started = Date.now()
    // A bomb can also wedge the process instead of killing it (a builtin that neither the time
    // limit nor the memory check can interrupt): give up after a minute and say so.
    let hung = false
    const cap = setTimeout(() => { hung = true; child.kill('SIGKILL') }, 60_000)
    child.on('close', (code, signal) => {
      clearTimeout(cap)
      resolve({ code, signal, out, err, ms: Date.now() - started, hung })
    })
  })
}

function verdict({ code, signal, out, err, ms, hung }) {
  if (hung) return '**host hung** (no answer after 60 s; killed)'
  const line = out.trim().split('\n').pop()
  if (code === 0 && line?.startsWith('{')) {
    const { r, next } = JSON.parse(line)
    const what = r.ok ? `ok (${JSON.stringify(r.value)})` : `${r.error.code}: ${r.error.message}`
    return `survives — ${what}${next ? '' : ', next run FAILED'} (${Math.round(r.durationMs)} ms)`
  }
  const fatal = /is_heap_oom = 1|CALL_AND_RETRY_LAST/.test(err) ? 'V8 fatal OOM'
    : /FATAL ERROR: ([^\n]+)/.exec(err)?.[1] ?? err.trim().split('\n').pop()
  return `**host aborted** (${signal ?? `exit ${code}`}, ${fatal}, after ${ms} ms)`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const isolations = arg('isolation', 'inline').split(',')
  const memory = Number(arg('memory', '32'))
  console.log(`Node ${process.version}, memoryMb ${memory}\n`)
  console.log(`| bomb | mode | ${isolations.join(' | ')} |\n|---|---|${isolations.map(() => '---|').join('')}`)
  for (const [name, bomb] of Object.entries(BOMBS)) {
    for (const mode of ['run', 'evaluate']) {
      const cells = []
      for (const isolation of isolations) cells.push(verdict(await runOne(bomb, mode, isolation, memory)))
      console.log(`| ${name} | ${mode} | ${cells.join(' | ')} |`)
    }
  }
}
