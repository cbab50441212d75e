/**
 * Hello1 (https://app.bubblehouse.com/apidocs/apis/hooks/Hello1): Bubblehouse calls it when the
 * merchant saves the API settings page; we echo `magic` and list the hooks we serve.
 * @module
 */
import { z } from 'zod'

/** The Hello1 request body. */
export const Hello1InputSchema = z.looseObject({
  magic: z.string().describe('A random string to echo back'),
})

/** A validated Hello1 request. */
export type Hello1Input = z.output<typeof Hello1InputSchema>

/** The Hello1 answer body. */
export const Hello1OutputSchema = z.object({
  magic: z.string(),
  hooks: z.array(z.string()),
})

/** The Hello1 answer body. */
export type Hello1Output = z.output<typeof Hello1OutputSchema>

/** The hooks this receiver serves besides Hello1. A new version is a deliberate change here. */
export const SERVED_HOOKS = ['SendEvent1'] as const
