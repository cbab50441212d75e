/** A start-up (or reload) step whose failure becomes a located config issue. @module */
import { ConfigFileError, type ConfigIssue, parsePath } from './config/errors'
import type { LoadedConfig } from './config/load'

/**
 * Run a start-up step. When it fails, `undo` releases what earlier steps opened, and `explain`
 * turns the error into the config issue to report (located in the file), or `undefined` to
 * throw the error as it is.
 */
export async function startStep<T>(
  loaded: LoadedConfig,
  run: () => T | Promise<T>,
  explain: (err: unknown) => ConfigIssue | undefined,
  undo?: () => Promise<void>,
): Promise<T> {
  try {
    return await run()
  } catch (err) {
    await undo?.()
    const issue = explain(err)
    if (issue === undefined) throw err
    const located = { ...issue, ...loaded.locate(parsePath(issue.path)) }
    throw new ConfigFileError(loaded.file, [located], { cause: err })
  }
}
