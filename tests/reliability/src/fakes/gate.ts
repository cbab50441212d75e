/**
 * A TCP gate in front of a fake vendor, for the one fault an HTTP server cannot play: refused
 * connections. `refuse(ms)` drops every open connection and stops listening, so new connections
 * get ECONNREFUSED, then listens again on the same port.
 * @module
 */

import { connect, createServer, type Server, type Socket } from 'node:net'

/** One connection through the gate, as the report needs it (whether an answer passed). */
export interface GateConnection {
  /** Why the gate dropped it, once it did: a refusal window, or either side closed or failed. */
  readonly closedBy: 'refusal' | 'closed' | undefined
  /** When it was dropped (performance.now()). */
  readonly closedAt: number | undefined
  /**
   * Bytes from the vendor handed on to the client socket; final once dropped (then without what
   * was still in the socket's buffer).
   */
  passed(): number
}

/** A connection's state; holds no socket, so the ledger can keep it after the run. */
class Link implements GateConnection {
  closedBy: 'refusal' | 'closed' | undefined
  closedAt: number | undefined
  /** Bytes read from the vendor (each written to the client as it is read). */
  received = 0
  #passed: number | undefined

  passed(): number {
    return this.#passed ?? this.received
  }

  /** Dropped: bytes still in the client socket's buffer (`unflushed`) never leave. */
  drop(by: 'refusal' | 'closed', unflushed: number): void {
    if (this.closedBy) return
    this.closedBy = by
    this.closedAt = performance.now()
    this.#passed = this.received - unflushed
  }
}

/** A running gate. */
export interface Gate {
  readonly port: number
  /** `http://127.0.0.1:<port>`. */
  readonly url: string
  /** Drop every connection and refuse new ones for `ms`. */
  refuse(ms: number): void
  /** How many refusal windows were opened. */
  readonly windows: number
  /**
   * The connection whose leg to the vendor has local port `port` (the port the vendor sees as
   * the client's), the latest one if the port was reused.
   */
  connection(port: number): GateConnection | undefined
  /** Called with performance.now() when a refusal window opens. */
  onRefuse?: ((at: number) => void) | undefined
  close(): Promise<void>
}

/**
 * Listen on a port below Linux's ephemeral range (32768–60999 by default). A port from that range
 * can be handed to an outgoing connection while the gate is away, and the gate could then not
 * come back (a permanent outage the suite, not the host, would have caused).
 */
async function listenBelowEphemeral(server: Server): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000)
    const ok = await new Promise<boolean>((resolve) => {
      const onError = () => {
        server.off('listening', onListening)
        resolve(false)
      }
      const onListening = () => {
        server.off('error', onError)
        resolve(true)
      }
      server.once('error', onError)
      server.once('listening', onListening)
      server.listen(port, '127.0.0.1')
    })
    if (ok) return port
    if (attempt > 50) throw new Error('no free port below the ephemeral range')
  }
}

/** Start a gate forwarding 127.0.0.1:<port> to `upstreamPort`. */
export async function startGate(upstreamPort: number): Promise<Gate> {
  const sockets = new Set<Socket>()
  /** Live connections: mark them dropped (before their sockets are destroyed). */
  const live = new Set<(by: 'refusal' | 'closed') => void>()
  const byPort = new Map<number, GateConnection>()
  let refusing = false
  let closed = false
  let windows = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  const server: Server = createServer((client) => {
    const upstream = connect({ host: '127.0.0.1', port: upstreamPort })
    sockets.add(client)
    sockets.add(upstream)
    const link = new Link()
    const mark = (by: 'refusal' | 'closed') => {
      live.delete(mark)
      link.drop(by, client.writableLength)
    }
    live.add(mark)
    upstream.once('connect', () => {
      if (upstream.localPort !== undefined) byPort.set(upstream.localPort, link)
    })
    const drop = () => {
      mark('closed')
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
    // After pipe's own listener: the chunk has been written to the client when this runs.
    upstream.on('data', (chunk: Buffer) => {
      link.received += chunk.length
    })
  })
  const port = await listenBelowEphemeral(server)

  // Listen again on the same port, retrying while it is taken (an outgoing socket may hold it
  // for a moment): a vendor that never comes back would be a fault of the suite, not the host's.
  const listen = (): void => {
    const onError = () => {
      server.off('listening', onListening)
      if (!closed) setTimeout(listen, 20)
    }
    const onListening = () => server.off('error', onError)
    server.once('error', onError)
    server.once('listening', onListening)
    server.listen(port, '127.0.0.1')
  }

  const gate: Gate = {
    port,
    url: `http://127.0.0.1:${port}`,
    get windows() {
      return windows
    },
    connection: (port) => byPort.get(port),
    refuse(ms) {
      if (closed || refusing) return
      refusing = true
      windows++
      gate.onRefuse?.(performance.now())
      server.close()
      for (const mark of live) mark('refusal')
      for (const socket of sockets) socket.destroy()
      sockets.clear()
      timer = setTimeout(() => {
        refusing = false
        if (!closed) listen()
      }, ms)
    },
    async close() {
      closed = true
      clearTimeout(timer)
      for (const socket of sockets) socket.destroy()
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  return gate
}
