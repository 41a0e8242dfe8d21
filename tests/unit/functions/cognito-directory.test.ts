import {
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { cognitoDirectory } from '#functions/shared/adapters/cognito-directory.ts';
import { ConflictError } from '#packages/kernel';

const cognito = mockClient(CognitoIdentityProviderClient);

/** The shape AdminCreateUser answers with for a new, unconfirmed user. */
const created = {
  User: {
    Username: '0c1e5a3c-9f0b-4f4e-a1a4-0d6c2a8b7e11',
    Attributes: [
      { Name: 'sub', Value: '0c1e5a3c-9f0b-4f4e-a1a4-0d6c2a8b7e11' },
      { Name: 'email_verified', Value: 'true' },
      { Name: 'name', Value: 'Kees Klant' },
      { Name: 'custom:firm_id', Value: 'demo-kantoor' },
      { Name: 'custom:user_type', Value: 'client' },
      { Name: 'email', Value: 'kees@voorbeeld.nl' },
    ],
    UserCreateDate: new Date('2026-11-22T10:00:00Z'),
    UserLastModifiedDate: new Date('2026-11-22T10:00:00Z'),
    Enabled: true,
    UserStatus: 'FORCE_CHANGE_PASSWORD' as const,
  },
  $metadata: { httpStatusCode: 200 },
};

describe('cognitoDirectory', () => {
  beforeEach(() => cognito.reset());

  it('creates the user with firm and user type as custom attributes and returns the sub as user id', async () => {
    cognito.on(AdminCreateUserCommand).resolves(created);
    const directory = cognitoDirectory(
      new CognitoIdentityProviderClient({ region: 'eu-west-1' }),
      'eu-west-1_AbCdEf123',
    );
    const { userId } = await directory.createUser({
      email: 'kees@voorbeeld.nl',
      name: 'Kees Klant',
      firmId: 'demo-kantoor',
      userType: 'client',
    });
    expect(userId).toBe('0c1e5a3c-9f0b-4f4e-a1a4-0d6c2a8b7e11');
    const input = cognito.commandCalls(AdminCreateUserCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      UserPoolId: 'eu-west-1_AbCdEf123',
      Username: 'kees@voorbeeld.nl',
      DesiredDeliveryMediums: ['EMAIL'],
    });
    expect(input?.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'custom:firm_id', Value: 'demo-kantoor' },
        { Name: 'custom:user_type', Value: 'client' },
      ]),
    );
  });

  it('turns an existing user name into a conflict', async () => {
    cognito
      .on(AdminCreateUserCommand)
      .rejects(
        new UsernameExistsException({ message: 'An account with the given email already exists.', $metadata: {} }),
      );
    const directory = cognitoDirectory(
      new CognitoIdentityProviderClient({ region: 'eu-west-1' }),
      'eu-west-1_AbCdEf123',
    );
    await expect(
      directory.createUser({ email: 'kees@voorbeeld.nl', name: 'K', firmId: 'f', userType: 'client' }),
    ).rejects.toBeInstanceOf(ConflictError);
  });
});
