import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'

/** Uploaded files under `<dir>/<tenant>/<job>.<ext>`; the job row keeps the relative key. */
export class ImportFiles {
  readonly dir: string
  constructor(dir: string) { this.dir = resolve(dir) }

  async save(tenantId: string, jobId: string, format: string, bytes: Buffer): Promise<string> {
    const key = `${tenantId}/${jobId}.${format}`
    const path = join(this.dir, key)
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, bytes)
    return key
  }

  read(key: string): Promise<Buffer> {
    return readFile(join(this.dir, key))
  }

  async remove(key: string): Promise<void> {
    await rm(join(this.dir, key), { force: true })
  }
}
