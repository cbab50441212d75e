import {
  EventFilterSchema,
  EventNameMappingSchema,
  EventPropsSourcesSchema,
  timeoutMsOption,
} from '@bubblehouse-hooks/core'
import { z } from 'zod'

/** The `__ID__:` block of the host config. Every option is described: the docs are generated from it. */
export const __CONST__Options = z.object({
  apiKey: z
    .string()
    .min(1)
    .describe('__TITLE__ API key; reference an environment variable in the config file.'),
  baseUrl: z
    .url()
    .default('https://api.__ID__.example')
    .describe('API base URL (regions, proxies, tests).'),
  timeoutMs: timeoutMsOption,
  events: EventFilterSchema,
  eventNames: EventNameMappingSchema,
  eventProps: EventPropsSourcesSchema,
})

/** Parsed options. */
export type __CONST__OptionsOutput = z.output<typeof __CONST__Options>
