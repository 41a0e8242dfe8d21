import { connect } from 'node:net';
import { type LocalTwin, type LocalTwinOptions, startLocalTwin } from '#infra/local/twin.ts';
import { calls, resolveTestHandler } from '../../helpers/twin-handlers/recorder.ts';

/** A twin with test handlers and in-memory data, on free ports. */
export async function startTestTwin(options: Partial<LocalTwinOptions> = {}): Promise<LocalTwin> {
  calls.length = 0;
  return startLocalTwin({
    dataDir: null,
    resolveHandler: resolveTestHandler,
    queuePollMs: 20,
    scheduleTimers: false,
    ...options,
    wiring: { queues: [], bucketTriggers: [], stateMachines: [], schedules: [], ...options.wiring },
  });
}

/** Polls until `check` returns a value other than `undefined`/`false`, or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The SMTP replies of one session: the code and text of every reply, in order. */
export interface SmtpReply {
  readonly code: number;
  readonly text: string;
}

/**
 * A minimal SMTP client (RFC 5321) over a plain socket: EHLO, MAIL, RCPT, DATA with
 * dot-stuffing, QUIT. Returns every reply; stops early when the server refuses a command.
 */
export function sendSmtp(
  port: number,
  mail: { from: string; to: readonly string[]; data: string; mailParams?: string },
): Promise<SmtpReply[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const replies: SmtpReply[] = [];
    let buffer = '';
    let lines: string[] = [];
    const body = `${mail.data.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..')}\r\n.\r\n`;
    const script = [
      'EHLO test.local\r\n',
      `MAIL FROM:<${mail.from}>${mail.mailParams ? ` ${mail.mailParams}` : ''}\r\n`,
      ...mail.to.map((to) => `RCPT TO:<${to}>\r\n`),
      'DATA\r\n',
      body,
      'QUIT\r\n',
    ];
    socket.setEncoding('utf8');
    socket.on('error', reject);
    socket.on('close', () => resolve(replies));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let end = buffer.indexOf('\r\n');
      while (end >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        lines.push(line);
        if (/^\d{3} /.test(line) || /^\d{3}$/.test(line)) {
          const reply = { code: Number(line.slice(0, 3)), text: lines.map((l) => l.slice(4)).join('\n') };
          replies.push(reply);
          lines = [];
          const next = script.shift();
          if (next === undefined) socket.end();
          else if (reply.code >= 400) socket.end('QUIT\r\n');
          else socket.write(next);
        }
        end = buffer.indexOf('\r\n');
      }
    });
  });
}
