/**
 * A vendor that never answers: every request is held until the client gives up and closes its
 * connection. It counts the calls it holds at once, so a test can check a cap on calls in flight.
 * @module
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A running hanging vendor. */
export interface HangingVendor {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  /** Requests received. */
  calls(): number
  /** The most requests held at once. */
  maxInFlight(): number
  /** Requests held now. */
  inFlight(): number
  /** The raw bodies received (to check which events reached it). */
  readonly bodies: string[]
  close(): Promise<void>
}

/**
 * Start a vendor that holds every request. A request stops counting as held when its connection
 * sends its end or closes; the peak is taken after the I/O of the same loop turn (setImmediate),
 * so a connection that closed just before a new request arrived is not counted with it.
 */
export async function startHangingVendor(): Promise<HangingVendor> {
  const held = new Set<IncomingMessage>()
  const bodies: string[] = []
  let calls = 0
  let peak = 0
  const server = createServer((req) => {
    calls++
    held.add(req)
    const release = () => held.delete(req)
    req.socket.once('end', release)
    req.socket.once('close', release)
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => bodies.push(Buffer.concat(chunks).toString('utf8')))
    setImmediate(() => {
      peak = Math.max(peak, held.size)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    calls: () => calls,
    maxInFlight: () => peak,
    inFlight: () => held.size,
    bodies,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
