import { randomBytes } from 'node:crypto';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import { newId, systemClock } from '#packages/kernel';
import { type IdentityDirectory, type TenancyDeps, tenancyRepository } from '#packages/tenancy';
import { cognitoDirectory } from './adapters/cognito-directory.js';
import { table } from './clients.js';
import { loadConfig } from './config.js';
import { tracer } from './observability.js';

const config = loadConfig({
  INBOUND_EMAIL_DOMAIN: z.string().min(3).default('in.example.com'),
  /** Set in AWS. The local twin has no user pool: its dev issuer signs tokens for users in the table. */
  USER_POOL_ID: z.string().optional(),
  LOCAL_TWIN: z.enum(['true', 'false']).default('false'),
});

let resolved: IdentityDirectory | undefined;

/** The identity directory, resolved on first use: only user-creating handlers need one. */
function directory(): IdentityDirectory {
  if (resolved) return resolved;
  if (config.USER_POOL_ID) {
    resolved = cognitoDirectory(tracer.captureAWSv3Client(new CognitoIdentityProviderClient({})), config.USER_POOL_ID);
    return resolved;
  }
  if (config.LOCAL_TWIN === 'true') {
    resolved = { createUser: async () => ({ userId: newId() }) };
    return resolved;
  }
  throw new Error('Invalid function configuration: USER_POOL_ID is required outside the local twin.');
}

/** 10 characters of lower-case base32 (50 bits), so inbound addresses cannot be guessed. */
function randomSuffix(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return [...randomBytes(10)].map((b) => alphabet[b % 32]).join('');
}

export const tenancy: TenancyDeps = {
  repo: tenancyRepository(table),
  table,
  clock: systemClock,
  newId,
  directory: { createUser: (input) => directory().createUser(input) },
  inboundEmailDomain: config.INBOUND_EMAIL_DOMAIN,
  randomSuffix,
};
