/**
 * Reads a zip's central directory without inflating anything and refuses archives that would
 * expand past `maxUncompressed` (a zip bomb) or hold too many entries. The sizes are the ones the
 * archive declares; the XLSX reader's row and column limits bound what a lying archive can do.
 */
export function checkZip(buf: Buffer, limits: { maxUncompressed: number, maxEntries: number }): string | undefined {
  const eocd = findEndOfCentralDirectory(buf)
  if (eocd < 0) return 'not a zip archive (XLSX files are)'
  const entries = buf.readUInt16LE(eocd + 10)
  const dirSize = buf.readUInt32LE(eocd + 12)
  const dirOffset = buf.readUInt32LE(eocd + 16)
  if (entries === 0xFFFF || dirOffset === 0xFFFFFFFF) return 'ZIP64 archives are not accepted'
  if (entries > limits.maxEntries) return `too many entries in the archive (${entries} > ${limits.maxEntries})`
  if (dirOffset + dirSize > buf.length) return 'the archive is truncated'
  let total = 0
  let at = dirOffset
  for (let i = 0; i < entries; i++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014B50) return 'the archive directory is damaged'
    const size = buf.readUInt32LE(at + 24)
    if (size === 0xFFFFFFFF) return 'ZIP64 archives are not accepted'
    total += size
    if (total > limits.maxUncompressed) return `the workbook expands to more than ${Math.round(limits.maxUncompressed / 1048576)} MB`
    at += 46 + buf.readUInt16LE(at + 28) + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32)
  }
  return undefined
}

function findEndOfCentralDirectory(buf: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  const stop = Math.max(0, buf.length - 22 - 0xFFFF)
  for (let i = buf.length - 22; i >= stop; i--) {
    if (buf.readUInt32LE(i) === 0x06054B50) return i
  }
  return -1
}
