import { describe, expect, it } from 'vitest';
import { tenantFromClaims, UnauthenticatedError } from '#packages/kernel';

describe('tenantFromClaims', () => {
  it('takes user, firm and user type from Cognito ID-token claims', () => {
    expect(
      tenantFromClaims({ sub: 'u1', 'custom:firm_id': 'f1', 'custom:user_type': 'client', email: 'a@b.nl' }),
    ).toEqual({
      userId: 'u1',
      firmId: 'f1',
      userType: 'client',
    });
  });

  it.each([
    ['no claims', undefined],
    ['no firm', { sub: 'u1', 'custom:user_type': 'firm' }],
    ['an unknown user type', { sub: 'u1', 'custom:firm_id': 'f1', 'custom:user_type': 'admin' }],
  ])('refuses a token with %s', (_, claims) => {
    expect(() => tenantFromClaims(claims)).toThrow(UnauthenticatedError);
  });
});
