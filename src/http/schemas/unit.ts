import { z } from 'zod'

/** A unit's id (migration 075): the national unit is 1. */
export const UnitIdSchema = z.number().int().min(1).max(2 ** 31 - 1)

/** A unit as the API shows it, `path` the names from the national unit down ("National / Guangdong / Shenzhen"). */
export const UnitSchema = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  name: z.string(),
  level: z.string(),
  path: z.string()
})

/** POST /units: a unit below one of the admin's own (default: directly below the admin's unit). */
export const CreateUnitSchema = z.object({
  name: z.string().min(1).max(100),
  level: z.string().min(1).max(40),
  parent: UnitIdSchema.optional()
})

export const UnitListSchema = z.object({ units: z.array(UnitSchema) })
