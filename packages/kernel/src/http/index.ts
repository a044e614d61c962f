export * from './errors.js'
export * from './request.js'
export * from './schemas.js'
export * from './public-access.js'
