/**
 * A minimal ustar reader and writer: enough for npm-style plugin tarballs (`package/…`), and
 * strict about what it accepts so an uploaded archive cannot write outside its folder.
 * Written here rather than pulled in because the rules below (regular files only, no links,
 * no `..`, hard size limits while reading) are the point, and they fit in one page.
 */
import { gunzipSync, gzipSync } from 'node:zlib'

export interface TarEntry {
  path: string
  content: Buffer
}

export interface TarLimits {
  /** Bytes after gunzip. */
  maxUnpackedBytes: number
  maxEntries: number
}

/** Why an archive was refused; the route turns it into a 4xx naming the entry. */
export class TarError extends Error {
  constructor(message: string, readonly entry?: string, readonly tooLarge = false) {
    super(message)
    this.name = 'TarError'
  }
}

const BLOCK = 512

function text(buf: Buffer, start: number, len: number): string {
  const raw = buf.subarray(start, start + len)
  const end = raw.indexOf(0)
  return raw.subarray(0, end === -1 ? raw.length : end).toString('utf8')
}

function octal(buf: Buffer, start: number, len: number): number {
  const s = text(buf, start, len).trim()
  if (!/^[0-7]*$/.test(s)) throw new TarError('corrupt tar header (size)')
  return s ? Number.parseInt(s, 8) : 0
}

/** Relative, forward-slash, no `.`/`..` segments, no drive letters, no NUL: or it throws. */
export function safeEntryPath(path: string): string {
  const p = path.replace(/\\/g, '/')
  if (!p || p.startsWith('/') || /^[a-z]:/i.test(p) || p.includes('\0'))
    throw new TarError(`unsafe path in archive: "${path}"`, path)
  const parts = p.split('/').filter(s => s !== '' && s !== '.')
  if (parts.some(s => s === '..'))
    throw new TarError(`unsafe path in archive: "${path}"`, path)
  return parts.join('/')
}

/** Gunzips (when gzipped) and reads regular files; directories are implied, anything else is refused. */
export function readTarball(data: Buffer, limits: TarLimits): TarEntry[] {
  let tar: Buffer
  try {
    tar = data[0] === 0x1F && data[1] === 0x8B ? gunzipSync(data, { maxOutputLength: limits.maxUnpackedBytes }) : data
  }
  catch (err) {
    const code = (err as { code?: string }).code
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new TarError(`archive unpacks to more than ${limits.maxUnpackedBytes} bytes`, undefined, true)
    throw new TarError(`not a gzip archive: ${(err as Error).message}`)
  }
  const entries: TarEntry[] = []
  let offset = 0
  let longName: string | undefined
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK)
    if (header.every(b => b === 0)) break
    const stored = header.reduce((sum, b, i) => sum + (i >= 148 && i < 156 ? 32 : b), 0)
    if (octal(header, 148, 8) !== stored) throw new TarError('corrupt tar header (checksum)')
    const size = octal(header, 124, 12)
    const type = String.fromCharCode(header[156] || 48)
    const prefix = text(header, 345, 155)
    let name = longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100))
    longName = undefined
    const start = offset + BLOCK
    if (start + size > tar.length) throw new TarError('truncated archive', name)
    const content = tar.subarray(start, start + size)
    offset = start + Math.ceil(size / BLOCK) * BLOCK
    if (type === 'x' || type === 'L') {
      // pax extended header (npm writes these for long names) or GNU long name: names the next entry.
      const path = type === 'L' ? content.toString('utf8').replace(/\0.*$/s, '') : /(?:^|\n)\d+ path=([^\n]*)\n/.exec(content.toString('utf8'))?.[1]
      if (path) longName = path
      continue
    }
    if (type === 'g') continue
    if (type === '5') { safeEntryPath(name); continue }
    if (type !== '0' && type !== '7') throw new TarError(`archive entry "${name}" is not a regular file (type ${type}): links and devices are refused`, name)
    name = safeEntryPath(name)
    if (entries.length >= limits.maxEntries) throw new TarError(`archive has more than ${limits.maxEntries} files`, name, true)
    entries.push({ path: name, content: Buffer.from(content) })
  }
  return entries
}

function header(path: string, size: number, type = '0'): Buffer {
  const h = Buffer.alloc(BLOCK)
  if (Buffer.byteLength(path) > 100) throw new Error(`tar path too long for this writer: ${path}`)
  h.write(path, 0, 100, 'utf8')
  h.write('0000644\0', 100)
  h.write('0000000\0', 108)
  h.write('0000000\0', 116)
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124)
  h.write(`${Math.floor(Date.now() / 1000).toString(8).padStart(11, '0')}\0`, 136)
  h.write('        ', 148)
  h.write(type, 156)
  h.write('ustar\0', 257)
  h.write('00', 263)
  const sum = h.reduce((s, b) => s + b, 0)
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148)
  return h
}

/** A gzipped tar of the given files (tests craft archives with it; paths are written as given). */
export function writeTarball(entries: Array<TarEntry & { type?: string }>): Buffer {
  const parts: Buffer[] = []
  for (const e of entries) {
    parts.push(header(e.path, e.content.length, e.type), e.content)
    const pad = (BLOCK - (e.content.length % BLOCK)) % BLOCK
    if (pad) parts.push(Buffer.alloc(pad))
  }
  parts.push(Buffer.alloc(BLOCK * 2))
  return gzipSync(Buffer.concat(parts))
}
