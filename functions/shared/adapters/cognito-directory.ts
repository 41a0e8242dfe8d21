import {
  AdminCreateUserCommand,
  type CognitoIdentityProviderClient,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { ConflictError } from '#packages/kernel';
import type { IdentityDirectory } from '#packages/tenancy';

/**
 * Creates users in the Cognito user pool with the firm and user type as custom attributes,
 * which Cognito puts in the ID token the API's JWT authorizer verifies. Cognito e-mails the
 * temporary password; the `sub` it assigns becomes the user id.
 */
export function cognitoDirectory(client: CognitoIdentityProviderClient, userPoolId: string): IdentityDirectory {
  return {
    async createUser({ email, name, firmId, userType }) {
      try {
        const out = await client.send(
          new AdminCreateUserCommand({
            UserPoolId: userPoolId,
            Username: email,
            DesiredDeliveryMediums: ['EMAIL'],
            UserAttributes: [
              { Name: 'email', Value: email },
              { Name: 'email_verified', Value: 'true' },
              { Name: 'name', Value: name },
              { Name: 'custom:firm_id', Value: firmId },
              { Name: 'custom:user_type', Value: userType },
            ],
          }),
        );
        const sub = out.User?.Attributes?.find((a) => a.Name === 'sub')?.Value;
        if (!sub) throw new Error('Cognito created the user but returned no sub attribute.');
        return { userId: sub };
      } catch (error) {
        if (error instanceof UsernameExistsException) {
          throw new ConflictError('EMAIL_TAKEN', `A user with e-mail ${email} already exists.`, { cause: error });
        }
        throw error;
      }
    },
  };
}
