import { type CoreNodeConfigs, type CoreNodeType, coreNodeConfigSchemas } from '@scrm/flow'
import type { I18nText } from '@scrm/kernel'
import type { RuntimeNodeType } from '@scrm/runtime'

/** A core node type: its config schema comes from @scrm/flow, so designer, validator and runtime agree. */
export function coreNode<T extends CoreNodeType>(
  type: T,
  label: I18nText,
  category: string,
  impl: Pick<RuntimeNodeType<CoreNodeConfigs[T]>, 'run' | 'resume' | 'boundary' | 'waiting'>,
): RuntimeNodeType<CoreNodeConfigs[T]> {
  return { type, label, category, configSchema: coreNodeConfigSchemas[type] as Record<string, unknown>, ...impl }
}
