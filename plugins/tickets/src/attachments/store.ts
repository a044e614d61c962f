import { createHash, randomUUID } from 'node:crypto'
import { createReadStream, type ReadStream } from 'node:fs'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { HttpError } from '@scrm/kernel'
import { sniff } from './sniff.js'

export interface StoredFile {
  storageKey: string
  size: number
  sha256: string
  contentType: string
}

export interface StoreOptions {
  dir: string
  maxBytes: number
  allowedTypes: string[]
}

const HEAD = 4096

/**
 * Attachments on local disk (`SCRM_DATA_DIR/attachments/<tenant>/<yyyy-mm>/<uuid>`), written to a
 * temporary file first and moved into place only when complete and of an allowed type, so a
 * failed or rejected upload leaves no file behind.
 */
export class AttachmentStore {
  constructor(readonly options: StoreOptions) {}

  async save(tenantId: string, stream: Readable, field: string): Promise<StoredFile> {
    const tmpDir = join(this.options.dir, 'tmp')
    await mkdir(tmpDir, { recursive: true })
    const tmp = join(tmpDir, randomUUID())
    const hash = createHash('sha256')
    const head: Buffer[] = []
    let size = 0
    const fh = await open(tmp, 'w')
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        size += chunk.length
        if (size > this.options.maxBytes) throw tooLarge(field, this.options.maxBytes)
        if (size - chunk.length < HEAD) head.push(chunk)
        hash.update(chunk)
        await fh.write(chunk)
      }
      // @fastify/multipart ends a file at its size limit with `truncated` instead of an error when configured so.
      if ((stream as { truncated?: boolean }).truncated) throw tooLarge(field, this.options.maxBytes)
      await fh.close()
      const contentType = sniff(Buffer.concat(head).subarray(0, HEAD))
      if (!contentType || !this.options.allowedTypes.includes(contentType))
        throw new HttpError(415, `${field}: file type not allowed${contentType ? ` (${contentType})` : ''}`, [{ in: 'body', field, message: `allowed types: ${this.options.allowedTypes.join(', ')}` }])
      const month = new Date().toISOString().slice(0, 7)
      const storageKey = `${tenantId}/${month}/${randomUUID()}`
      await mkdir(join(this.options.dir, tenantId, month), { recursive: true })
      await rename(tmp, join(this.options.dir, storageKey))
      return { storageKey, size, sha256: hash.digest('hex'), contentType }
    }
    catch (err) {
      await fh.close().catch(() => {})
      await rm(tmp, { force: true })
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(field, this.options.maxBytes)
      throw err
    }
  }

  read(storageKey: string): ReadStream {
    return createReadStream(join(this.options.dir, storageKey))
  }

  /** Undo for files whose database rows were never committed. */
  async remove(storageKeys: string[]): Promise<void> {
    await Promise.all(storageKeys.map(k => rm(join(this.options.dir, k), { force: true })))
  }
}

const tooLarge = (field: string, max: number) =>
  new HttpError(413, `${field}: file is larger than ${max} bytes`, [{ in: 'body', field, message: `must be at most ${max} bytes` }])
