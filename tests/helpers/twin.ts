import { connect } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#infra/local/aws-names.ts';
import { type LocalTwin, type LocalTwinOptions, startLocalTwin } from '#infra/local/twin.ts';
import { newId, systemClock } from '#packages/kernel';
import { setUpBooks } from '#packages/ledger';
import type { Table } from '#packages/table';
import { demo, seedDemo, type TenancyDeps, tenancyRepository } from '#packages/tenancy';

/**
 * The local twin (in-memory data) with the demo firms seeded and the books of the demo
 * administrations set up, as `npm start` has them; with clients on its table and bucket and the
 * tenancy deps for changing the demo.
 */
export async function startSeededTwin(
  options: Partial<LocalTwinOptions> = {},
): Promise<{ twin: LocalTwin; table: Table; s3: S3Client; tenancy: TenancyDeps }> {
  const twin = await startLocalTwin({ dataDir: null, queuePollMs: 20, scheduleTimers: false, ...options });
  const client = new DynamoDBClient({
    region: LOCAL_REGION,
    endpoint: twin.env.AWS_ENDPOINT_URL_DYNAMODB,
    credentials: LOCAL_CREDENTIALS,
  });
  const table: Table = { doc: DynamoDBDocumentClient.from(client), name: twin.tableName };
  const tenancy: TenancyDeps = {
    repo: tenancyRepository(table),
    table,
    clock: systemClock,
    newId,
    directory: { createUser: async () => ({ userId: newId() }) },
    inboundEmailDomain: 'in.example.com',
    randomSuffix: () => 'x',
  };
  await seedDemo(tenancy);
  const accountant = { firmId: demo.firm.id, userId: demo.users.accountant.id, userType: 'firm' as const };
  for (const a of demo.administrations) {
    await setUpBooks({ table, clock: systemClock }, accountant, { firmId: demo.firm.id, id: a.id, country: a.country });
  }
  const s3 = new S3Client({
    region: LOCAL_REGION,
    endpoint: twin.env.AWS_ENDPOINT_URL_S3,
    forcePathStyle: true,
    credentials: LOCAL_CREDENTIALS,
  });
  return { twin, table, s3, tenancy };
}

/**
 * A plain SMTP dialogue, as a mail server relaying to the inbound host would speak it; resolves
 * with the server's final replies.
 */
export async function sendSmtp(port: number, to: string, raw: string, from = 'facturen@leverancier.nl') {
  const socket = connect(port, '127.0.0.1');
  socket.setEncoding('utf8');
  const replies: string[] = [];
  let buffer = '';
  const waiters: ((line: string) => void)[] = [];
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let i = buffer.indexOf('\r\n');
    while (i >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 2);
      if (/^\d{3} /.test(line)) {
        replies.push(line);
        waiters.shift()?.(line);
      }
      i = buffer.indexOf('\r\n');
    }
  });
  const reply = () => new Promise<string>((resolve) => waiters.push(resolve));
  const say = (line: string) => {
    const r = reply();
    socket.write(`${line}\r\n`);
    return r;
  };
  await reply();
  await say('EHLO mail.leverancier.nl');
  await say(`MAIL FROM:<${from}>`);
  await say(`RCPT TO:<${to}>`);
  await say('DATA');
  // Dot-stuffing: a line starting with '.' is sent as '..'.
  await say(`${raw.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..')}\r\n.`);
  await say('QUIT');
  socket.end();
  return replies;
}
