/**
 * The content type of a file from its first bytes. The client's Content-Type and file name are
 * never trusted: a "photo.jpg" that is really HTML or an executable must not get through.
 */
const ascii = (b: Buffer, from: number, to: number) => b.subarray(from, to).toString('latin1')
const starts = (b: Buffer, bytes: number[], at = 0) => bytes.every((x, i) => b[at + i] === x)

// ISO-BMFF brands of HEIF stills (iPhone photos); other brands are video.
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1', 'avif'])

export function sniff(head: Buffer): string | undefined {
  if (starts(head, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return 'image/png'
  if (starts(head, [0xFF, 0xD8, 0xFF])) return 'image/jpeg'
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return 'image/gif'
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'image/webp'
  if (ascii(head, 0, 5) === '%PDF-') return 'application/pdf'
  if (starts(head, [0x50, 0x4B, 0x03, 0x04])) return 'application/zip' // also docx / xlsx
  if (ascii(head, 4, 8) === 'ftyp') {
    const brand = ascii(head, 8, 12)
    return HEIF_BRANDS.has(brand) ? (brand === 'avif' ? 'image/avif' : 'image/heic') : 'video/mp4'
  }
  if (ascii(head, 0, 6) === '#!AMR\n') return 'audio/amr' // WeChat voice messages
  if (ascii(head, 0, 3) === 'ID3' || starts(head, [0xFF, 0xFB])) return 'audio/mpeg'
  return plainText(head)
}

/** UTF-8 text without control bytes, and not markup (HTML/SVG/XML stay out even as "text"). */
function plainText(head: Buffer): string | undefined {
  if (head.length === 0) return undefined
  // A multi-byte character may be cut at the end of the sample: drop up to 3 trailing bytes.
  let text: string | undefined
  for (let cut = 0; cut < 4 && text === undefined; cut++) {
    try { text = new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, head.length - cut)) }
    catch { /* try a shorter sample */ }
  }
  if (text === undefined || /[\x00-\x08\x0E-\x1F\x7F]/.test(text)) return undefined
  if (/^\uFEFF?\s*</.test(text)) return undefined
  return 'text/plain'
}

export const DEFAULT_ALLOWED_TYPES = [
  'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/heic', 'image/avif',
  'application/pdf', 'application/zip', 'video/mp4', 'audio/amr', 'audio/mpeg', 'text/plain',
]
