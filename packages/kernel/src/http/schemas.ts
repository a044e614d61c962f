import { Type } from 'typebox'

/** Building blocks shared by route schemas. */
export const Uuid = Type.String({ format: 'uuid' })
export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false })
export const ErrorRef = Type.Ref('Error')

/** Standard error responses, so OpenAPI documents them for every route. */
export function errors(...codes: number[]) {
  return Object.fromEntries(codes.map(c => [c, ErrorRef]))
}

export const I18nTextSchema = Type.Object({ 'zh-CN': Type.String(), 'en-US': Type.String() })
