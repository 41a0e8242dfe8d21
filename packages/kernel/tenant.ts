import { z } from 'zod';
import { UnauthenticatedError } from './errors.js';

export const userTypes = ['firm', 'client'] as const;
export type UserType = (typeof userTypes)[number];

/**
 * Who is calling, taken only from a verified token. Every repository derives its keys from
 * this; nothing else decides which tenant's data a request touches.
 */
export interface TenantContext {
  readonly userId: string;
  readonly firmId: string;
  readonly userType: UserType;
}

const claimsSchema = z.object({
  sub: z.string().min(1),
  'custom:firm_id': z.string().min(1),
  'custom:user_type': z.enum(userTypes),
});

/**
 * Reads the tenant from JWT claims (Cognito ID token custom attributes; the local dev issuer
 * signs the same claims). Claims the authorizer passed through are strings.
 */
export function tenantFromClaims(claims: unknown): TenantContext {
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) throw new UnauthenticatedError('The token does not carry a firm and user type.');
  return {
    userId: parsed.data.sub,
    firmId: parsed.data['custom:firm_id'],
    userType: parsed.data['custom:user_type'],
  };
}
