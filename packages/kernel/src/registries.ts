import type {
  AssignmentStrategyDef,
  ChannelDef,
  FieldTypeDef,
  IndustryTemplateDef,
  MigrationDef,
  NodeTypeDef,
  NotifierDef,
  RouteDef,
  SettlementFormulaDef,
  TicketTypeDef,
} from './contracts/index.js'
import { Registry, type Visibility } from './registry.js'

/** The kernel's extension points. Adding one here makes it available to every plugin's setup. */
export interface Registries {
  channels: Registry<ChannelDef>
  ticketTypes: Registry<TicketTypeDef>
  fieldTypes: Registry<FieldTypeDef>
  nodeTypes: Registry<NodeTypeDef>
  assignmentStrategies: Registry<AssignmentStrategyDef>
  notifiers: Registry<NotifierDef>
  settlementFormulas: Registry<SettlementFormulaDef>
  industryTemplates: Registry<IndustryTemplateDef>
  routes: Registry<RouteDef>
  migrations: Registry<MigrationDef>
}

export type ExtensionPoint = keyof Registries

export const EXTENSION_POINTS: ExtensionPoint[] = [
  'channels',
  'ticketTypes',
  'fieldTypes',
  'nodeTypes',
  'assignmentStrategies',
  'notifiers',
  'settlementFormulas',
  'industryTemplates',
  'routes',
  'migrations',
]

export function createRegistries(visible: Visibility): Registries {
  const byId = <T extends { id: string }>(x: T) => x.id
  return {
    channels: new Registry('channels', byId, visible),
    ticketTypes: new Registry('ticketTypes', byId, visible),
    fieldTypes: new Registry('fieldTypes', byId, visible),
    nodeTypes: new Registry('nodeTypes', (x: NodeTypeDef) => x.type, visible),
    assignmentStrategies: new Registry('assignmentStrategies', byId, visible),
    notifiers: new Registry('notifiers', byId, visible),
    settlementFormulas: new Registry('settlementFormulas', byId, visible),
    industryTemplates: new Registry('industryTemplates', byId, visible),
    routes: new Registry('routes', (x: RouteDef) => x.prefix, visible),
    // Migration names are per plugin: two plugins may both have `001_init`.
    migrations: new Registry('migrations', (x: MigrationDef, plugin) => `${plugin}:${x.name}`, visible),
  }
}
