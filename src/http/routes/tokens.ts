import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { checkPasswordPolicy, hashPassword, MAX_PASSWORD_LENGTH } from '../../core/trust/password.ts'
import { ROLES } from '../../core/trust/token.ts'
import { createTokenRepository, MAX_TOKEN_TTL_DAYS } from '../../storage/token-repository.ts'
import { createUserCredentialRepository } from '../../storage/user-credential-repository.ts'
import { fail } from '../../core/errors.ts'
import { requirePrincipal } from '../plugins/auth.ts'
import { ErrorSchema } from '../schemas/error.ts'
import { UnitIdSchema, UnitSchema } from '../schemas/unit.ts'
import { unitView } from '../unit-view.ts'

const RoleSchema = z.enum(ROLES)
const UserSchema = z.object({ id: z.number().int(), name: z.string(), role: RoleSchema, unit: UnitSchema.optional(), createdAt: z.string(), disabledAt: z.string().nullable() })
const TokenSchema = z.object({
  id: z.string(),
  userName: z.string(),
  role: RoleSchema,
  label: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  createdBy: z.string()
})
const CreateUserSchema = z.object({
  name: z.string().trim().min(1).max(100).regex(/^[\w.@-]+$/, 'letters, digits, . _ @ - only'),
  role: RoleSchema,
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH * 4).optional().describe('an initial password, temporary: the person chooses their own at the first sign-in'),
  unit: UnitIdSchema.optional().describe('the unit of the account: yours (the default) or one below it')
}).strict()
const CreateTokenSchema = z.object({
  user: z.string().min(1).max(100),
  label: z.string().max(200).optional(),
  ttlDays: z.number().positive().max(MAX_TOKEN_TTL_DAYS).optional()
}).strict()
const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 429: ErrorSchema }

/**
 * Accounts and API tokens: admin only. A new token's secret is in the 201 answer and nowhere else, ever.
 * An admin manages the accounts of their unit and below (src/storage/unit-scope.ts): the lists hold
 * only those, and another unit's account or token by name or id is a 404 (src/http/plugins/unit-guard.ts).
 */
export const tokenRoutes: FastifyPluginAsyncZod = async (app) => {
  const tokens = createTokenRepository(app.db)
  const tags = ['tokens']
  const toToken = ({ userId: _u, unitId: _n, ...t }: ReturnType<typeof tokens.getToken>) => t
  const toUser = (u: ReturnType<typeof tokens.listUsers>[number]) => ({ ...u, unit: unitView(app.units, u.unitId) })
  const manageable = (request: Parameters<typeof requirePrincipal>[0], unitId: number): boolean => app.unitScope.covers(requirePrincipal(request), unitId)

  app.get('/users', {
    schema: { tags, response: { 200: z.object({ users: z.array(UserSchema) }), ...errors } },
    config: { roles: ['admin'], audit: 'user.list' }
  }, async (request) => ({ users: tokens.listUsers().filter((u) => manageable(request, u.unitId)).map(toUser) }))

  app.post('/users', {
    schema: { tags, body: CreateUserSchema, response: { 201: UserSchema, ...errors } },
    config: { roles: ['admin'], audit: 'user.create' }
  }, async (request, reply) => {
    const { name, role, password } = request.body
    const unitId = app.unitScope.place(requirePrincipal(request), request.body.unit, undefined)
    if (password !== undefined) checkPasswordPolicy(password, name)
    const hash = password === undefined ? undefined : await hashPassword(password)
    // The account and its password are one change: never an account left without the password asked for.
    const user = app.db.transaction(() => {
      const u = tokens.createUser({ name, role, unitId })
      if (hash !== undefined) createUserCredentialRepository(app.db).setPassword(u.id, hash, { mustChange: true })
      request.audit.inTransaction(201, { user: u.name, role: u.role, unit: String(unitId), ...(hash === undefined ? {} : { password: 1 }) })
      return u
    }).immediate()
    request.auditTarget = { user: user.name, role: user.role, unit: String(unitId), ...(hash === undefined ? {} : { password: 1 }) }
    return await reply.status(201).send(toUser(user))
  })

  app.post('/users/:name/disable', {
    schema: { tags, params: z.object({ name: z.string() }), response: { 200: UserSchema, ...errors } },
    config: { roles: ['admin'], audit: 'user.disable' }
  }, async (request) => app.db.transaction(() => {
    const user = tokens.disableUser(request.params.name)
    request.audit.inTransaction(200, { user: user.name })
    return toUser(user)
  }).immediate())

  // the account is in the admin's scope (unit-guard answers 404 otherwise), and so must the unit it goes to
  app.put('/users/:name/unit', {
    schema: { tags, params: z.object({ name: z.string() }), body: z.object({ unit: UnitIdSchema }).strict(), response: { 200: UserSchema, ...errors } },
    config: { roles: ['admin'], audit: 'user.unit' }
  }, async (request) => {
    const unitId = app.unitScope.place(requirePrincipal(request), request.body.unit, undefined)
    return app.db.transaction(() => {
      const before = tokens.findUser(request.params.name) ?? fail('NOT_FOUND', `no account "${request.params.name}"`, { field: 'name' })
      const user = tokens.moveUser(before.name, unitId)
      request.audit.inTransaction(200, { user: user.name, unit: String(unitId), previousUnit: String(before.unitId) })
      return toUser(user)
    }).immediate()
  })

  app.get('/tokens', {
    schema: { tags, querystring: z.object({ user: z.string().max(100).optional() }), response: { 200: z.object({ tokens: z.array(TokenSchema) }), ...errors } },
    config: { roles: ['admin'], audit: 'token.list' }
  }, async (request) => ({ tokens: tokens.listTokens({ userName: request.query.user }).filter((t) => manageable(request, t.unitId)).map(toToken) }))

  app.post('/tokens', {
    schema: { tags, body: CreateTokenSchema, response: { 201: TokenSchema.extend({ token: z.string() }), ...errors } },
    config: { roles: ['admin'], audit: 'token.create' }
  }, async (request, reply) => {
    const admin = requirePrincipal(request)
    const holder = tokens.findUser(request.body.user)
    // another unit's account is answered as one that does not exist
    if (holder !== undefined && !manageable(request, holder.unitId)) fail('NOT_FOUND', `no account "${request.body.user}"`, { field: 'userName' })
    // each change to accounts and tokens commits with its audit entry (src/http/plugins/audit.ts)
    const { secret, token } = app.db.transaction(() => {
      const issued = tokens.issueToken({ userName: request.body.user, label: request.body.label, ttlDays: request.body.ttlDays, createdBy: admin.userName })
      request.audit.inTransaction(201, { tokenId: issued.token.id, user: issued.token.userName, role: issued.token.role })
      return issued
    }).immediate()
    // The one time the secret exists outside its holder: never cached by a proxy or a browser.
    return await reply.status(201).header('cache-control', 'no-store').send({ ...toToken(token), token: secret })
  })

  app.delete('/tokens/:id', {
    schema: { tags, params: z.object({ id: z.string().max(40) }), response: { 200: TokenSchema, ...errors } },
    config: { roles: ['admin'], audit: 'token.revoke' }
  }, async (request) => {
    const token = app.db.transaction(() => {
      const revoked = tokens.revokeToken(request.params.id)
      request.audit.inTransaction(200, { user: revoked.userName })
      return revoked
    }).immediate()
    return toToken(token)
  })
}
