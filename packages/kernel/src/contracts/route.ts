import type { FastifyPluginAsync } from 'fastify'

/**
 * HTTP routes a plugin adds under `/api`. The server mounts each in its own encapsulated fastify
 * context; requests of a tenant that disabled the plugin get 404.
 */
export interface RouteDef {
  /** Path prefix below `/api`, e.g. `/tickets`. */
  prefix: string
  plugin: FastifyPluginAsync
  /** Routes reachable without a login (portal, webhooks). Default false. */
  public?: boolean
}
