import iconv from 'iconv-lite'

/**
 * Text of an uploaded CSV. Excel in China saves "CSV" as GBK, "CSV UTF-8" with a BOM, and other
 * tools write UTF-8 without one: a BOM decides, else bytes that are valid UTF-8 are UTF-8, else
 * GB18030 (a superset of GBK that decodes every byte sequence GBK files contain).
 */
export function decodeText(bytes: Buffer): { text: string, encoding: 'utf-8' | 'utf-16le' | 'gb18030' } {
  if (bytes[0] === 0xEF && bytes[1] === 0xBB && bytes[2] === 0xBF) return { text: bytes.subarray(3).toString('utf8'), encoding: 'utf-8' }
  if (bytes[0] === 0xFF && bytes[1] === 0xFE) return { text: iconv.decode(bytes.subarray(2), 'utf-16le'), encoding: 'utf-16le' }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' }
  }
  catch {
    return { text: iconv.decode(bytes, 'gb18030'), encoding: 'gb18030' }
  }
}
