import { connect } from 'node:net';

export interface Ended {
  /** Milliseconds from connecting until the server closed the socket. */
  ms: number;
  /** The status line the server sent before closing, if any. */
  status: string | null;
}

/**
 * A client that opens a connection, sends `send` and then nothing more, as a slow or
 * stalled client does. Resolves when the server ends the connection, or after `giveUpMs`
 * with ms = Infinity (the server never ended it).
 */
export function slowClient(port: number, send: string, giveUpMs: number): Promise<Ended> {
  return new Promise((resolve) => {
    const started = Date.now();
    let received = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(send));
    const giveUp = setTimeout(() => {
      socket.destroy();
      resolve({ ms: Infinity, status: null });
    }, giveUpMs);
    socket.on('data', (chunk) => (received += String(chunk)));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(giveUp);
      resolve({ ms: Date.now() - started, status: received ? received.split('\r\n')[0]! : null });
    });
  });
}

/** Headers sent, a body promised (1000 bytes) and barely begun. */
export const PARTIAL_BODY =
  'POST /check/linkage HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nx';
/** Headers begun and never finished. */
export const PARTIAL_HEADERS = 'GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: slow';
