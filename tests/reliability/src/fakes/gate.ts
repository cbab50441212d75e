/**
 * A TCP gate in front of a fake vendor, for the one fault an HTTP server cannot play: refused
 * connections. `refuse(ms)` drops every open connection and stops listening, so new connections
 * get ECONNREFUSED, then listens again on the same port.
 * @module
 */

import type { AddressInfo } from 'node:net'
import { connect, createServer, type Server, type Socket } from 'node:net'

/** A running gate. */
export interface Gate {
  readonly port: number
  /** `http://127.0.0.1:<port>`. */
  readonly url: string
  /** Drop every connection and refuse new ones for `ms`. */
  refuse(ms: number): void
  /** How many refusal windows were opened. */
  readonly windows: number
  close(): Promise<void>
}

/** Start a gate forwarding 127.0.0.1:<port> to `upstreamPort`. */
export async function startGate(upstreamPort: number): Promise<Gate> {
  const sockets = new Set<Socket>()
  let refusing = false
  let closed = false
  let windows = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  const server: Server = createServer((client) => {
    const upstream = connect({ host: '127.0.0.1', port: upstreamPort })
    sockets.add(client)
    sockets.add(upstream)
    const drop = () => {
      // destroy, not end: the other side must see a reset, as with a real network failure.
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    client.on('error', drop)
    upstream.on('error', drop)
    client.on('close', drop)
    upstream.on('close', drop)
    client.pipe(upstream)
    upstream.pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  // Listen again on the same port; a failure (the port taken meanwhile) leaves the vendor away.
  const listen = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        server.off('error', done)
        server.off('listening', done)
        resolve()
      }
      server.once('error', done)
      server.once('listening', done)
      server.listen(port, '127.0.0.1')
    })

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    get windows() {
      return windows
    },
    refuse(ms) {
      if (closed || refusing) return
      refusing = true
      windows++
      server.close()
      for (const socket of sockets) socket.destroy()
      sockets.clear()
      timer = setTimeout(() => {
        refusing = false
        if (!closed) void listen()
      }, ms)
    },
    async close() {
      closed = true
      clearTimeout(timer)
      for (const socket of sockets) socket.destroy()
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
