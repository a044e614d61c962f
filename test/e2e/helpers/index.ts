export * from './browser'
export * from './paths'
export * from './ports'
export * from './server'
