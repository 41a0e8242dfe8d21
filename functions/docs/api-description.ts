import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { administrationPath, membershipPath, pageQuery, userPath } from '#functions/shared/schemas.ts';
import {
  Administration,
  CreateAdministrationInput,
  CreateUserInput,
  Me,
  Membership,
  UpdateAdministrationInput,
  User,
} from '#packages/tenancy';

/** What each route of the wiring accepts and returns, keyed `METHOD path`. */
interface Operation {
  readonly summary: string;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  readonly ok: { readonly status: number; readonly schema?: z.ZodType; readonly description: string };
  readonly idempotent?: boolean;
  readonly ifMatch?: boolean;
}

const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional().describe('Absent on the last page.') });

const AuditEntry = z
  .object({
    id: z.string(),
    at: z.iso.datetime(),
    actor: z.object({ userId: z.string(), userType: z.string() }),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    administrationId: z.string().optional(),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
  })
  .meta({ id: 'AuditEntry' });

const ProblemDetails = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().describe('Stable reason code.'),
    instance: z.string().optional().describe('Request id.'),
    errors: z
      .array(
        z.object({ location: z.enum(['body', 'query', 'path', 'header']), pointer: z.string(), detail: z.string() }),
      )
      .optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details.' });

export const operations: Readonly<Record<string, Operation>> = {
  'GET /me': {
    summary: 'The calling user and the administrations they can reach',
    ok: { status: 200, schema: Me, description: 'You.' },
  },
  'GET /administrations': {
    summary: 'List administrations (firm users: all of the firm; client users: their own)',
    query: pageQuery,
    ok: { status: 200, schema: page(Administration), description: 'A page of administrations.' },
  },
  'POST /administrations': {
    summary: 'Create an administration',
    body: CreateAdministrationInput,
    idempotent: true,
    ok: { status: 201, schema: Administration, description: 'Created.' },
  },
  'GET /administrations/{administrationId}': {
    summary: 'Get an administration',
    params: administrationPath,
    ok: { status: 200, schema: Administration, description: 'The administration; ETag carries its version.' },
  },
  'PATCH /administrations/{administrationId}': {
    summary: 'Change details, plan and add-ons',
    params: administrationPath,
    body: UpdateAdministrationInput,
    ifMatch: true,
    ok: { status: 200, schema: Administration, description: 'Changed.' },
  },
  'GET /administrations/{administrationId}/audit': {
    summary: 'Audit trail of an administration, newest first (firm users)',
    params: administrationPath,
    query: pageQuery,
    ok: { status: 200, schema: page(AuditEntry), description: 'A page of audit entries.' },
  },
  'GET /administrations/{administrationId}/memberships': {
    summary: 'Client users with access to an administration (firm users)',
    params: administrationPath,
    ok: { status: 200, schema: z.object({ items: z.array(Membership) }), description: 'Memberships.' },
  },
  'PUT /administrations/{administrationId}/memberships/{userId}': {
    summary: 'Give a client user access (idempotent)',
    params: membershipPath,
    ok: { status: 201, schema: Membership, description: 'Granted (200 when it already existed).' },
  },
  'DELETE /administrations/{administrationId}/memberships/{userId}': {
    summary: "Withdraw a client user's access",
    params: membershipPath,
    ok: { status: 204, description: 'Revoked.' },
  },
  'GET /users': {
    summary: 'Users of the firm (firm users)',
    query: pageQuery,
    ok: { status: 200, schema: page(User), description: 'A page of users.' },
  },
  'POST /users': {
    summary: 'Add a firm user (owner) or a client user (owner, accountant)',
    body: CreateUserInput,
    idempotent: true,
    ok: { status: 201, schema: User, description: 'Created; Cognito e-mails the temporary password.' },
  },
  'GET /users/{userId}': {
    summary: 'Get a user',
    params: userPath,
    ok: { status: 200, schema: User, description: 'The user.' },
  },
};

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemDetails } },
});

/** The OpenAPI 3.1 document, generated from the zod schemas the handlers validate with. */
export function openApiDocument(routes: readonly { method: string; path: string; auth: string }[]) {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'Cognito ID token (locally: `npm run cli -- token --user <e-mail>`).',
  });
  for (const route of routes) {
    if (route.auth === 'none') continue;
    const op = operations[`${route.method} ${route.path}`];
    if (!op) throw new Error(`No API description for ${route.method} ${route.path}`);
    const headers = z.object({
      ...(op.idempotent
        ? { 'idempotency-key': z.string().max(255).optional().describe('Replays the first response for 24 h.') }
        : {}),
      ...(op.ifMatch
        ? { 'if-match': z.string().optional().describe('ETag from the last read; a stale one gives 409.') }
        : {}),
    });
    const config: RouteConfig = {
      method: route.method.toLowerCase() as RouteConfig['method'],
      path: route.path,
      summary: op.summary,
      security: [{ [bearer.name]: [] }],
      request: {
        ...(op.params ? { params: op.params } : {}),
        ...(op.query ? { query: op.query } : {}),
        ...(Object.keys(headers.shape).length > 0 ? { headers } : {}),
        ...(op.body ? { body: { content: { 'application/json': { schema: op.body } }, required: true } } : {}),
      },
      responses: {
        [op.ok.status]: op.ok.schema
          ? { description: op.ok.description, content: { 'application/json': { schema: op.ok.schema } } }
          : { description: op.ok.description },
        400: problem('The request is not valid; `errors` points at the fields.'),
        401: problem('No valid bearer token.'),
        403: problem('Not yours, not your role, or not in the plan.'),
        ...(route.method === 'GET'
          ? {}
          : { 409: problem('Conflict: stale version, duplicate, or request in progress.') }),
      },
    };
    registry.registerPath(config);
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Samenwerken back end',
      version: '1.0.0',
      description: 'Collaboration between accountancy firms and their clients: administrations, users, access.',
    },
  });
}
