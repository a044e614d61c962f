import { describe, expect, it } from 'vitest'
import { CryptoError, decrypt, encrypt, open, signature } from './crypto.js'
import { SAMPLE } from './official-sample.test-helper.js'
import { parseFlatXml } from './xml.js'

describe('WeCom callback crypto (official sample values)', () => {
  it('URL verification: the signature matches and echostr decrypts to the documented plaintext', () => {
    const v = SAMPLE.verify
    expect(signature(SAMPLE.token, v.timestamp, v.nonce, v.echostr)).toBe(v.msgSignature)
    expect(decrypt(SAMPLE.encodingAesKey, v.echostr)).toEqual({ message: v.plain, receiveId: SAMPLE.corpId })
  })

  it('message: the signature matches and Encrypt decrypts to the documented XML with Content "hello"', () => {
    const m = SAMPLE.message
    expect(signature(SAMPLE.token, m.timestamp, m.nonce, m.encrypt)).toBe(m.msgSignature)
    const xml = open(SAMPLE, m, m.encrypt)
    expect(parseFlatXml(xml)).toEqual({
      ToUserName: SAMPLE.corpId, FromUserName: 'mycreate', CreateTime: '1409659813', MsgType: 'text', Content: 'hello', MsgId: '4561255354251345929', AgentID: '218',
    })
  })

  it('encrypt is the inverse of decrypt, padded to 32-byte blocks', () => {
    const random = Buffer.from('aaaabbbbccccdddd')
    for (const text of ['', 'x', '<xml><Content><![CDATA[空调不制冷，显示 E1]]></Content></xml>', 'y'.repeat(300)]) {
      const enc = encrypt(SAMPLE.encodingAesKey, text, SAMPLE.corpId, random)
      expect(Buffer.from(enc, 'base64').length % 32).toBe(0)
      expect(decrypt(SAMPLE.encodingAesKey, enc)).toEqual({ message: text, receiveId: SAMPLE.corpId })
    }
  })

  it('rejects a wrong signature, a wrong corp id and garbage', () => {
    const m = SAMPLE.message
    const reason = (f: () => unknown) => { try { f(); return 'none' } catch (e) { return (e as CryptoError).reason } }
    expect(reason(() => open(SAMPLE, { ...m, nonce: '1' }, m.encrypt))).toBe('signature')
    expect(reason(() => open({ ...SAMPLE, corpId: 'ww0000000000000000' }, m, m.encrypt))).toBe('receiver')
    const junk = Buffer.alloc(48, 1).toString('base64')
    expect(reason(() => open(SAMPLE, { ...m, msgSignature: signature(SAMPLE.token, m.timestamp, m.nonce, junk) }, junk))).toBe('decrypt')
  })

  it('the XML reader refuses DTDs and reads escaped text', () => {
    expect(() => parseFlatXml('<!DOCTYPE x [<!ENTITY a "b">]><xml><A>&a;</A></xml>')).toThrow(/DTD/)
    expect(parseFlatXml('<xml><A>1 &lt; 2</A><B><![CDATA[<b>]]></B></xml>')).toEqual({ A: '1 < 2', B: '<b>' })
  })
})
