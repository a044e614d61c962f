export * from './app.js'
export * from './config.js'
export * from './platform.js'
export * from './plugins.js'
