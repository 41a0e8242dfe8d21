import { startLocalApi } from '#infra/local/api-server.ts';
import { devIssuer } from '#infra/local/dev-issuer.ts';
import { invokeHandler } from '#infra/local/lambda-runtime.ts';
import { queues, queueUrlVariable, routes } from '#infra/wiring.ts';
import { newId, systemClock } from '#packages/kernel';
import { demo, seedDemo, type TenancyDeps, tenancyRepository } from '#packages/tenancy';
import { freshTable } from './table.ts';

export interface ApiResponse<T = any> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/**
 * The HTTP API as `npm start` serves it (wiring routes, JWKS-verified dev tokens, the real
 * handlers) on a fresh table seeded with the demo firms.
 */
export async function startTestApi() {
  const { table } = await freshTable();
  process.env.INBOUND_EMAIL_DOMAIN = 'in.test';
  // Routes that sign upload URLs need a bucket name; these tests never reach S3.
  process.env.BUCKET_NAME ??= 'test-documents';
  // Routes that send to a pipeline queue need its URL at load; without the twin nothing listens there.
  for (const q of queues) process.env[queueUrlVariable(q.name)] ??= `http://127.0.0.1:9/queue/${q.name}`;
  const deps: TenancyDeps = {
    repo: tenancyRepository(table),
    table,
    clock: systemClock,
    newId,
    directory: { createUser: async () => ({ userId: newId() }) },
    inboundEmailDomain: 'in.test',
    randomSuffix: () => newId().slice(-8).toLowerCase(),
  };
  await seedDemo(deps);
  const issuer = await devIssuer('urn:samenwerken:test-issuer', null);
  const api = await startLocalApi({ routes, invoke: invokeHandler, issuer, port: 0 });

  const tokens = new Map<string, string>();
  /** A token for a seeded (or created) user, by e-mail. */
  async function tokenFor(email: string): Promise<string> {
    const cached = tokens.get(email);
    if (cached) return cached;
    const found = await deps.repo.findUserByEmail(email);
    if (!found) throw new Error(`No user ${email}`);
    const user = await deps.repo.getUser(found.firmId, found.userId);
    const token = await issuer.sign({ userId: found.userId, email, firmId: found.firmId, userType: user!.type });
    tokens.set(email, token);
    return token;
  }

  async function call<T = any>(
    method: string,
    path: string,
    options: { as?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const token = options.token ?? (options.as ? await tokenFor(options.as) : undefined);
    const res = await fetch(`${api.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined
        ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }
        : {}),
    });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    return {
      status: res.status,
      headers: res.headers,
      body: (type.includes('json') && text ? JSON.parse(text) : text) as T,
    };
  }

  return { api, deps, table, issuer, call, tokenFor, demo, close: () => api.close() };
}

export type TestApi = Awaited<ReturnType<typeof startTestApi>>;
