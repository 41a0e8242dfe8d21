import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import type { RouteDecl } from '#infra/wiring.ts';
import type { DevIssuer } from './dev-issuer.ts';
import type { InvokeFn } from './lambda-runtime.ts';

/** HTTP API payload limit. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

interface CompiledRoute {
  readonly route: RouteDecl;
  readonly pattern: RegExp;
  readonly params: string[];
}

function compile(route: RouteDecl): CompiledRoute {
  const params: string[] = [];
  const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => {
    params.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), params };
}

/** API Gateway passes JWT claims to the integration as strings. */
function claimsAsStrings(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : String(v)]),
  );
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const isText = (contentType: string | undefined) =>
  !contentType ||
  /^(text\/|application\/(json|problem\+json|xml|x-www-form-urlencoded|[\w.+-]+\+(json|xml)))/.test(contentType);

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export interface LocalApi {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/**
 * The local twin of the HTTP API: routes from the wiring, the JWT authorizer (verifying
 * tokens against the issuer's JWKS over HTTP, as API Gateway does), payload format 2.0
 * events, and the same gateway answers (401, 404, 413) that callers would see on AWS.
 */
export async function startLocalApi(options: {
  routes: readonly RouteDecl[];
  invoke: InvokeFn;
  issuer: DevIssuer;
  port: number;
  host?: string;
}): Promise<LocalApi> {
  const compiled = options.routes.map(compile);
  const host = options.host ?? '127.0.0.1';
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

  async function authorize(req: IncomingMessage): Promise<Record<string, string> | undefined> {
    const match = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
    if (!match?.[1] || !jwks) return undefined;
    try {
      const { payload } = await jwtVerify(match[1], jwks, {
        issuer: options.issuer.issuer,
        audience: options.issuer.audience,
      });
      return claimsAsStrings(payload);
    } catch {
      return undefined;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    if (method === 'GET' && url.pathname === '/.well-known/jwks.json') return send(res, 200, options.issuer.jwks);

    let found: { c: CompiledRoute; values: string[] } | undefined;
    for (const c of compiled) {
      if (c.route.method !== method) continue;
      const m = c.pattern.exec(url.pathname);
      if (m) {
        found = { c, values: m.slice(1) };
        break;
      }
    }
    if (!found) return send(res, 404, { message: 'Not Found' });
    const { route, params } = found.c;

    let claims: Record<string, string> | undefined;
    if (route.auth === 'jwt') {
      claims = await authorize(req);
      if (!claims) return send(res, 401, { message: 'Unauthorized' }, { 'www-authenticate': 'Bearer' });
    }
    const raw = await readBody(req);
    if (raw === 'too-large') return send(res, 413, { message: 'Request Entity Too Large' });

    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
    // A body goes to the function as text only when it is text: declared so and valid UTF-8.
    // Anything else is base64, so the bytes the caller sent (and signed) arrive unchanged.
    const text = isText(headers['content-type']) && isUtf8(raw);
    const now = new Date();
    const requestId = randomUUID();
    const event: APIGatewayProxyEventV2 & { requestContext: { authorizer?: unknown } } = {
      version: '2.0',
      routeKey: `${route.method} ${route.path}`,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
      ...(params.length > 0
        ? { pathParameters: Object.fromEntries(params.map((p, i) => [p, decodeURIComponent(found.values[i] ?? '')])) }
        : {}),
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'localhost',
        http: {
          method,
          path: url.pathname,
          protocol: `HTTP/${req.httpVersion}`,
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId,
        routeKey: `${route.method} ${route.path}`,
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
        ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
      },
      ...(raw.length > 0 ? { body: text ? raw.toString('utf8') : raw.toString('base64') } : {}),
      isBase64Encoded: raw.length > 0 && !text,
    };

    let result: unknown;
    try {
      result = await options.invoke(route.handler, event, { timeoutMs: 29_000 });
    } catch {
      return send(res, 500, { message: 'Internal Server Error' });
    }
    const structured =
      typeof result === 'object' && result !== null && 'statusCode' in result
        ? (result as APIGatewayProxyStructuredResultV2)
        : { statusCode: 200, body: JSON.stringify(result), headers: { 'content-type': 'application/json' } };
    const body =
      structured.body === undefined
        ? undefined
        : Buffer.from(structured.body, structured.isBase64Encoded ? 'base64' : 'utf8');
    res.writeHead(structured.statusCode ?? 200, {
      'apigw-requestid': requestId,
      ...(structured.headers as Record<string, string>),
      ...(body ? { 'content-length': String(body.length) } : {}),
    });
    res.end(body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { message: 'Internal Server Error' });
      else res.end();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
  jwks = createRemoteJWKSet(new URL('/.well-known/jwks.json', url));
  return {
    url,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
