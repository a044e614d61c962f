// Module hooks for running the sandbox straight from its TypeScript sources in a plain Node process
// (bomb-matrix.mjs: `node --import <register this> ...`). Node 20 cannot strip types itself, so .ts
// files are transpiled with the esbuild that vite (a root dev dependency) already ships;
// TypeScript's transpileModule is the slower fallback.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)

async function loadTranspiler() {
  try {
    const esbuild = createRequire(require.resolve('vite'))('esbuild')
    return async (source, file) => (await esbuild.transform(source, {
      loader: 'ts', format: 'esm', target: 'node20', sourcefile: file, sourcemap: 'inline',
    })).code
  }
  catch {
    const ts = require('typescript')
    return async (source, file) => ts.transpileModule(source, {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, inlineSourceMap: true, useDefineForClassFields: true },
    }).outputText
  }
}

let transpiler

/** NodeNext sources import './x.js'; next to a .ts file that means './x.ts'. */
export async function resolve(specifier, context, next) {
  try { return await next(specifier, context) }
  catch (err) {
    const fromTs = context.parentURL?.endsWith('.ts')
    if (!fromTs || !specifier.startsWith('.') || !specifier.endsWith('.js')) throw err
    return next(`${specifier.slice(0, -3)}.ts`, context)
  }
}

export async function load(url, context, next) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return next(url, context)
  transpiler ??= loadTranspiler()
  const path = fileURLToPath(url)
  const source = await (await transpiler)(await readFile(path, 'utf8'), path)
  return { format: 'module', source, shortCircuit: true }
}
