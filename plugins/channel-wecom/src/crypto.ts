import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * The WeCom callback crypto ("WXBizMsgCrypt"), as the official documentation defines it:
 * msg_signature = SHA1(sort([token, timestamp, nonce, encrypt]).join('')); AES-256-CBC with
 * key = base64(EncodingAESKey + '='), IV = first 16 bytes of the key, PKCS#7 padding to 32-byte
 * blocks; plaintext = 16 random bytes + 4-byte big-endian length + message + receiveid.
 */
export class CryptoError extends Error {
  constructor(message: string, readonly reason: 'signature' | 'decrypt' | 'receiver') { super(message) }
}

const BLOCK = 32

export function aesKey(encodingAesKey: string): Buffer {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64')
  if (encodingAesKey.length !== 43 || key.length !== 32) throw new CryptoError('EncodingAESKey must be 43 characters (32 bytes in base64)', 'decrypt')
  return key
}

export function signature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex')
}

/** Constant-time comparison: the signature is a secret-derived value. */
export function signatureMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected)
  const b = Buffer.from(given.toLowerCase())
  return a.length === b.length && timingSafeEqual(a, b)
}

export interface Opened {
  message: string
  receiveId: string
}

export function decrypt(encodingAesKey: string, encrypt: string): Opened {
  const key = aesKey(encodingAesKey)
  let plain: Buffer
  try {
    const d = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16))
    // PKCS#7 to 32-byte blocks: Node's own unpadding only knows 16-byte AES blocks.
    d.setAutoPadding(false)
    plain = Buffer.concat([d.update(Buffer.from(encrypt, 'base64')), d.final()])
  }
  catch {
    throw new CryptoError('the message cannot be decrypted', 'decrypt')
  }
  const pad = plain[plain.length - 1]
  if (!pad || pad > BLOCK || plain.length < 20 + pad) throw new CryptoError('bad padding', 'decrypt')
  plain = plain.subarray(0, plain.length - pad)
  const length = plain.readUInt32BE(16)
  if (20 + length > plain.length) throw new CryptoError('bad message length', 'decrypt')
  return { message: plain.subarray(20, 20 + length).toString('utf8'), receiveId: plain.subarray(20 + length).toString('utf8') }
}

export function encrypt(encodingAesKey: string, message: string, receiveId: string, random = randomBytes(16)): string {
  const key = aesKey(encodingAesKey)
  const body = Buffer.from(message, 'utf8')
  const len = Buffer.alloc(4)
  len.writeUInt32BE(body.length)
  const plain = Buffer.concat([random, len, body, Buffer.from(receiveId, 'utf8')])
  const pad = BLOCK - (plain.length % BLOCK)
  const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16))
  c.setAutoPadding(false)
  return Buffer.concat([c.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), c.final()]).toString('base64')
}

export interface CallbackKeys {
  token: string
  encodingAesKey: string
  corpId: string
}

/** Checks the signature, decrypts, and checks the receiver is the configured corp id. */
export function open(keys: CallbackKeys, q: { msgSignature: string, timestamp: string, nonce: string }, encrypted: string): string {
  if (!signatureMatches(signature(keys.token, q.timestamp, q.nonce, encrypted), q.msgSignature))
    throw new CryptoError('msg_signature does not match', 'signature')
  const opened = decrypt(keys.encodingAesKey, encrypted)
  if (opened.receiveId !== keys.corpId) throw new CryptoError('the message is for another corp id', 'receiver')
  return opened.message
}
