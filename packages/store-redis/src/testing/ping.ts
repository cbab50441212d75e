import { connect } from 'node:net'

/** True when something on 127.0.0.1:`port` answers a RESP `PING` with `+PONG`. */
export function pingPort(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let reply = ''
    const socket = connect({ host: '127.0.0.1', port })
    const done = (answered: boolean) => {
      socket.destroy()
      resolve(answered)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1')
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'))
    })
  })
}
