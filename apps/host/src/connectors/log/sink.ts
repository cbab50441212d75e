/** Where the `log` connector writes lines: stdout, stderr or an appended file. @module */
import { closeSync, constants, openSync, writeSync } from 'node:fs'
import { access, mkdir, open, stat } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { codeOf } from '../../guards'

/** A line writer. */
export interface LineSink {
  /** A short name for plans and messages: `stdout`, `stderr` or the file path as configured. */
  readonly name: string
  /** Write one line (the newline is added). Rejects when the write failed. */
  write(line: string): Promise<void>
  /** Rejects when lines could not be written; creates nothing. */
  probe(): Promise<void>
  /** Create the file (and its folder) if needed; says whether it existed. */
  prepare(): Promise<'created' | 'exists'>
  close(): Promise<void>
}

/** Event lines hold bhids and hashes: what the host creates for them is owner-only. */
const FOLDER_MODE = 0o700
const FILE_MODE = 0o600

function streamSink(name: 'stdout' | 'stderr'): LineSink {
  const stream = name === 'stdout' ? process.stdout : process.stderr
  return {
    name,
    write: (line) =>
      new Promise<void>((done, fail) => {
        stream.write(`${line}\n`, (err) => (err ? fail(err) : done()))
      }),
    probe: async () => {},
    prepare: async () => 'exists',
    close: async () => {},
  }
}

function fileSink(path: string): LineSink {
  const absolute = resolve(path)
  let fd: number | undefined
  let folder: Promise<unknown> | undefined
  return {
    name: path,
    async write(line) {
      if (fd === undefined) {
        folder ??= mkdir(dirname(absolute), { recursive: true, mode: FOLDER_MODE }).finally(() => {
          folder = undefined
        })
        await folder
        fd ??= openSync(absolute, 'a', FILE_MODE)
      }
      // One synchronous write per line on an O_APPEND descriptor (as pino does): lines from
      // several processes never interleave, and no thread-pool round trip per event.
      writeSync(fd, `${line}\n`)
    },
    async probe() {
      try {
        await access(absolute, constants.W_OK)
        return
      } catch (err) {
        if (codeOf(err) !== 'ENOENT') throw err
      }
      // The file does not exist yet: the closest existing folder must be a writable folder.
      for (let dir = dirname(absolute); ; dir = dirname(dir)) {
        const found = await stat(dir).catch((err: unknown) => {
          if (codeOf(err) !== 'ENOENT' || dirname(dir) === dir) throw err
          return undefined
        })
        if (!found) continue
        if (!found.isDirectory())
          throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' })
        await access(dir, constants.W_OK)
        return
      }
    },
    async prepare() {
      await mkdir(dirname(absolute), { recursive: true, mode: FOLDER_MODE })
      try {
        await (await open(absolute, 'ax', FILE_MODE)).close()
        return 'created'
      } catch (err) {
        if (codeOf(err) !== 'EEXIST') throw err
        return 'exists'
      }
    },
    async close() {
      if (fd !== undefined) closeSync(fd)
      fd = undefined
    },
  }
}

/** The sink for the `to` option. */
export function createSink(to: string): LineSink {
  return to === 'stdout' || to === 'stderr' ? streamSink(to) : fileSink(to)
}
