import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { build } from 'esbuild';
import { devIssuer } from '#infra/local/dev-issuer.ts';
import { readRuntime } from '#infra/ops/runtime-file.ts';
import { routes } from '#infra/wiring.ts';
import { demo } from '#packages/tenancy';
import { type Figure, percentile } from '../helpers/figures.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts `npm start`'s entry on its own data dir and resolves with the seconds until it said it is up. */
async function startBackend(
  dataDir: string,
  port: number,
  fresh: boolean,
): Promise<{ child: ChildProcess; seconds: number }> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'infra/local/start.ts',
      '--data-dir',
      dataDir,
      '--port',
      String(port),
      ...(fresh ? ['--fresh'] : []),
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' } },
  );
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`back end not up in 60 s:\n${out}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('back end is up')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.once('exit', (code) => reject(new Error(`back end exited with ${code}:\n${out}`)));
  });
  return { child, seconds: (performance.now() - t0) / 1000 };
}

async function stopBackend(child: ChildProcess): Promise<number> {
  const t0 = performance.now();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  await exited;
  return (performance.now() - t0) / 1000;
}

function javaProcessesUnder(dir: string): number {
  try {
    return execFileSync('pgrep', ['-f', `DynamoDBLocal.*${dir}`])
      .toString()
      .trim()
      .split('\n')
      .filter(Boolean).length;
  } catch {
    return 0;
  }
}

/** `concurrency` clients calling `url` back to back for `seconds`; latencies in ms. */
async function load(url: string, token: string, concurrency: number, seconds: number) {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
        if (res) await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (res?.status !== 200) errors++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { latencies, errors, rps: latencies.length / seconds };
}

/** DynamoDB requests and capacity per call, read off the handlers' own client in this process. */
async function capacityPerCall(
  env: Record<string, string>,
  identity: { userId: string; firmId: string; userType: 'firm' | 'client' },
) {
  Object.assign(process.env, env, {
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
  });
  const { dynamodb } = await import('#functions/shared/clients.ts');
  const { invokeHandler } = await import('#infra/local/lambda-runtime.ts');
  let requests = 0;
  let capacity = 0;
  dynamodb.middlewareStack.add(
    (next, context) => async (args) => {
      requests++;
      const input = args.input as Record<string, unknown>;
      if (context.commandName !== 'TransactWriteItemsCommand') input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }).ConsumedCapacity;
      for (const c of [consumed].flat()) capacity += c?.CapacityUnits ?? 0;
      return result;
    },
    { step: 'initialize', name: 'benchCounter' },
  );
  const claims = { sub: identity.userId, 'custom:firm_id': identity.firmId, 'custom:user_type': identity.userType };
  const event = (routeKey: string, rawPath: string, pathParameters?: Record<string, string>) => ({
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: '',
    headers: {},
    ...(pathParameters ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: 'GET', path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: 'bench',
      routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      authorizer: { jwt: { claims, scopes: [] } },
    },
    isBase64Encoded: false,
  });
  const calls: [string, string, unknown][] = [
    ['GET /me', 'tenancy/get-me', event('GET /me', '/me')],
    ['GET /administrations', 'tenancy/list-administrations', event('GET /administrations', '/administrations')],
    [
      'GET /administrations/{id}',
      'tenancy/get-administration',
      event('GET /administrations/{administrationId}', '/administrations/adm-samenwerken-be', {
        administrationId: 'adm-samenwerken-be',
      }),
    ],
  ];
  const out: Figure[] = [];
  for (const [name, handler, ev] of calls) {
    await invokeHandler(handler, ev); // warm: module load is not a request
    const n = 20;
    requests = 0;
    capacity = 0;
    for (let i = 0; i < n; i++) {
      const res = (await invokeHandler(handler, ev)) as { statusCode: number };
      if (res.statusCode !== 200) throw new Error(`${name} answered ${res.statusCode}`);
    }
    out.push({
      name: `${name} (${identity.userType}): DynamoDB requests per call`,
      value: requests / n,
      unit: 'requests',
      target: '<= 1',
    });
    out.push({ name: `${name} (${identity.userType}): consumed capacity per call`, value: capacity / n, unit: 'RCU' });
  }
  return out;
}

async function bundleSizes(): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const handler of [...new Set(routes.map((r) => r.handler))]) {
    // As the ServiceFunction bundles it: ESM, minified, Node 20, the AWS SDK v3 from the runtime.
    const result = await build({
      entryPoints: [join(root, 'functions', `${handler}.ts`)],
      bundle: true,
      minify: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      external: ['@aws-sdk/*', 'tesseract.js', '@napi-rs/canvas'],
      write: false,
      logLevel: 'silent',
    });
    const bytes = result.outputFiles.reduce((sum, f) => sum + f.contents.length, 0);
    figures.push({ name: `bundle ${handler}`, value: Math.round(bytes / 1024), unit: 'KiB', target: '< 1024' });
  }
  return figures;
}

export async function run(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const dataDir = await mkdtemp(join(tmpdir(), 'samenwerken-bench-'));
  try {
    const port = await freePort();
    const cold = await startBackend(dataDir, port, true);
    figures.push({ name: 'local start-up, fresh data', value: cold.seconds, unit: 's', target: '< 30' });
    figures.push({ name: 'Ctrl-C to stopped', value: await stopBackend(cold.child), unit: 's' });
    figures.push({
      name: 'DynamoDB Local processes left after stop',
      value: javaProcessesUnder(dataDir),
      unit: 'processes',
      target: '== 0',
    });

    const warm = await startBackend(dataDir, port, false);
    figures.push({ name: 'local start-up, existing data', value: warm.seconds, unit: 's', target: '< 30' });
    try {
      const runtime = await readRuntime(dataDir);
      const issuer = await devIssuer(runtime.issuer, join(dataDir, 'dev-issuer'));
      const a = demo.users.accountant;
      const token = await issuer.sign({ userId: a.id, email: a.email, firmId: demo.firm.id, userType: 'firm' });
      const base = `http://127.0.0.1:${port}`;
      const paths = [
        ['GET /me', '/me'],
        ['GET /administrations', '/administrations'],
      ] as const;
      // Steady state: DynamoDB Local's JVM and Node's JIT need tens of seconds of traffic to warm up.
      for (let round = 0; round < 3; round++) for (const [, path] of paths) await load(`${base}${path}`, token, 50, 3);
      for (const [name, path] of paths) {
        const r = await load(`${base}${path}`, token, 50, 10);
        figures.push({ name: `${name} p50, 50 clients x 10 s`, value: percentile(r.latencies, 50), unit: 'ms' });
        figures.push({
          name: `${name} p99, 50 clients x 10 s`,
          value: percentile(r.latencies, 99),
          unit: 'ms',
          ...(name === 'GET /me' ? { target: '< 50' } : {}),
        });
        figures.push({ name: `${name} throughput`, value: Math.round(r.rps), unit: 'req/s' });
        figures.push({ name: `${name} errors`, value: r.errors, unit: 'responses', target: '== 0' });
      }
      figures.push(...(await capacityPerCall(runtime.env, { userId: a.id, firmId: demo.firm.id, userType: 'firm' })));
    } finally {
      await stopBackend(warm.child);
    }
    figures.push(...(await bundleSizes()));
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  return figures;
}
