import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Command } from 'commander';
import { clearRuntime, LOCAL_DIR, writeRuntime } from '#infra/ops/runtime-file.ts';
import { routes } from '#infra/wiring.ts';
import { putBankAccount } from '#packages/bank';
import { newId, systemClock } from '#packages/kernel';
import { setUpBooks } from '#packages/ledger';
import { demo, seedDemo, tenancyRepository } from '#packages/tenancy';
import { startLocalApi } from './api-server.ts';
import { devIssuer } from './dev-issuer.ts';
import { invokeHandler } from './lambda-runtime.ts';
import { demoScenario, startSandboxBank } from './sandbox-bank/index.ts';
import { startLocalTwin } from './twin.ts';

/**
 * `npm start`: the whole back end on loopback — the HTTP API, DynamoDB Local, the S3 twin
 * with its notifications, queues with DLQs, state machines, schedules, SMTP in and the outbox —
 * keeping its data under `.local/` between runs.
 */
// The SDK warns on every client that Node 20 support ends in 2027; the README's deploy notes say so once.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const opts = new Command('start')
  .option('--fresh', 'start with empty data (deletes the local data directory first)')
  .option('--port <port>', 'API port', process.env.PORT ?? '3000')
  .option('--data-dir <dir>', 'where local data is kept', LOCAL_DIR)
  .parse(process.argv)
  .opts<{ fresh?: boolean; port: string; dataDir: string }>();

const started = performance.now();
const dataDir = resolve(opts.dataDir);
const port = Number(opts.port);
const isDefaultDir = dataDir === resolve(LOCAL_DIR);
if (opts.fresh) await rm(dataDir, { recursive: true, force: true });

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
// The PSD2 provider: a sandbox bank on loopback with the demo accounts (approve consents at its SCA page).
const bank = await startSandboxBank(demoScenario(), { port: env('LOCAL_BANK_PORT', isDefaultDir ? 4580 : 0) });
const twin = await startLocalTwin({
  env: {
    PSD2_PROVIDER_URL: bank.url,
    PSD2_PROVIDER_NAME: bank.scenario.bankName,
    PUBLIC_API_URL: `http://localhost:${port}`,
  },
  dataDir,
  ports: {
    dynamodb: env('LOCAL_DYNAMODB_PORT', isDefaultDir ? 8000 : 0),
    s3: env('LOCAL_S3_PORT', isDefaultDir ? 4569 : 0),
    aws: env('LOCAL_AWS_PORT', isDefaultDir ? 4566 : 0),
    smtp: env('LOCAL_SMTP_PORT', isDefaultDir ? 2525 : 0),
  },
  inboundEmailDomain: process.env.INBOUND_EMAIL_DOMAIN ?? 'in.localhost',
  log: (line: string) => process.stdout.write(`  ${line}\n`),
});

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\nStopping…\n');
  await api?.close().catch(() => undefined);
  await twin.stop();
  await bank.close().catch(() => undefined);
  await clearRuntime(dataDir);
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

const issuerUrl = `http://localhost:${port}`;
process.env.LOCAL_TWIN = 'true';
const issuer = await devIssuer(issuerUrl, join(dataDir, 'dev-issuer'));

const dynamodb = new DynamoDBClient({});
const table = { doc: DynamoDBDocumentClient.from(dynamodb), name: twin.env.TABLE_NAME ?? '' };
const { seeded } = await seedDemo({
  repo: tenancyRepository(table),
  table,
  clock: systemClock,
  newId,
  directory: { createUser: async () => ({ userId: newId() }) },
  inboundEmailDomain: twin.env.INBOUND_EMAIL_DOMAIN ?? 'in.localhost',
  randomSuffix: () => newId().slice(-10).toLowerCase(),
});

if (seeded) {
  // The demo administrations start with their country's chart of accounts and journals.
  const accountant = { userId: demo.users.accountant.id, firmId: demo.firm.id, userType: 'firm' as const };
  for (const a of demo.administrations) {
    await setUpBooks({ table, clock: systemClock }, accountant, { firmId: demo.firm.id, id: a.id, country: a.country });
  }
  // The sandbox bank's current account belongs to the Uitgebreid administration, so a consent can be started at once.
  const [current] = bank.scenario.accounts;
  if (current) {
    const uitgebreid = { firmId: demo.firm.id, id: 'adm-uitgebreid-nl', country: 'NL' as const };
    await putBankAccount({ table, clock: systemClock }, accountant, uitgebreid, current.iban, {
      name: `${bank.scenario.bankName} ${current.name}`.slice(0, 100),
      glAccount: '1100',
    });
  }
}

let api: Awaited<ReturnType<typeof startLocalApi>> | undefined;
try {
  api = await startLocalApi({ routes, invoke: invokeHandler, issuer, port });
} catch (error) {
  process.stderr.write(`Cannot start the API on port ${port}: ${(error as Error).message}\n`);
  await stop(1);
}
await writeRuntime(dataDir, {
  pid: process.pid,
  apiUrl: api!.url.replace('127.0.0.1', 'localhost'),
  issuer: issuerUrl,
  env: { ...twin.env },
  smtp: `localhost:${twin.ports.smtp}`,
});

const seconds = ((performance.now() - started) / 1000).toFixed(1);
const apiUrl = `http://localhost:${port}`;
const u = demo.users;
process.stdout.write(`
Samenwerken back end is up in ${seconds} s${seeded ? ' (demo data seeded)' : ''}.

  API          ${apiUrl}   (docs ${apiUrl}/docs, OpenAPI ${apiUrl}/openapi.json)
  DynamoDB     ${twin.env.AWS_ENDPOINT_URL_DYNAMODB}   table ${twin.env.TABLE_NAME}
  S3           ${twin.env.AWS_ENDPOINT_URL_S3}   bucket ${twin.env.BUCKET_NAME}
  SQS/SFN/SES  ${twin.env.AWS_ENDPOINT_URL_SQS}
  SMTP in      localhost:${twin.ports.smtp}   (mail to any administration's inbound address)
  PSD2 bank    ${bank.url}   (sandbox ${bank.scenario.bankName}; consents via POST …/bank-connections)
  Data         ${dataDir}

Tokens (ID tokens signed by the local issuer, valid 1 hour):
  firm accountant   npm run cli -- token --user ${u.accountant.email}
  firm owner        npm run cli -- token --user ${u.owner.email}
  client user       npm run cli -- token --user ${u.client.email}
  other firm        npm run cli -- token --user ${u.otherAccountant.email}

Press Ctrl-C to stop.
`);
