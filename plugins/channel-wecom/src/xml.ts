/**
 * The flat XML WeCom sends (`<xml><Tag><![CDATA[…]]></Tag>…</xml>`), read into a record of the
 * top-level elements. Deliberately not a general XML parser: no DTDs, no entities beyond the five
 * predefined ones, so nothing an attacker sends can expand or reach the file system.
 */
export function parseFlatXml(xml: string): Record<string, string> {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new Error('DTDs are not accepted')
  const root = /^\s*(?:<\?xml[^>]*\?>\s*)?<xml>([\s\S]*)<\/xml>\s*$/.exec(xml)
  if (!root) throw new Error('not a WeCom XML message')
  const out: Record<string, string> = {}
  const re = /<([A-Za-z][\w.-]*)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g
  for (let m = re.exec(root[1]); m; m = re.exec(root[1])) out[m[1]] = m[2] ?? unescape(m[3])
  return out
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: '\'' }
const unescape = (s: string) => s.replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) => ENTITIES[e])
