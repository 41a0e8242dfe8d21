import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, type HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { type RouteDecl, routes as wiringRoutes } from '../wiring.ts';

export interface ApiStackProps extends StackProps {
  /** Checked for duplicates here; each capability's routes are added by its RoutesStack. @default - every route in `infra/wiring.ts` */
  readonly routes?: readonly RouteDecl[];
  /**
   * Steady-state requests per second for the whole stage.
   * @default 100
   */
  readonly throttleRateLimit?: number;
  /** @default 200 */
  readonly throttleBurstLimit?: number;
}

/**
 * The HTTP API itself: a Cognito user pool whose tokens the JWT authorizer checks, and an
 * access-logged, throttled `$default` stage. Its routes and their functions are added by one
 * {@link RoutesStack} per capability, which keeps every stack far from CloudFormation's
 * 500-resource limit (a route costs seven resources).
 */
export class ApiStack extends Stack {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  /** The Cognito JWT authorizer every `jwt` route uses (its routes live in the {@link RoutesStack}s). */
  readonly authorizer: HttpUserPoolAuthorizer;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const routes = props.routes ?? wiringRoutes;
    const rateLimit = props.throttleRateLimit ?? 100;
    const burstLimit = props.throttleBurstLimit ?? 200;
    if (rateLimit <= 0 || burstLimit <= 0) throw new Error('ApiStack: throttle limits must be positive');
    const seen = new Set<string>();
    for (const r of routes) {
      const key = `${r.method} ${r.path}`;
      if (seen.has(key)) throw new Error(`ApiStack: route ${key} is declared twice`);
      seen.add(key);
    }

    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        firm_id: new StringAttribute({ mutable: true, minLen: 1, maxLen: 64 }),
        user_type: new StringAttribute({ mutable: true, minLen: 1, maxLen: 32 }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    NagSuppressions.addResourceSuppressions(this.userPool, [
      {
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is optional (TOTP) by product decision so that clients of a firm can be onboarded without an ' +
          'authenticator app; Plus-tier threat protection in full-function mode challenges or blocks risky sign-ins.',
      },
    ]);
    // firm_id and user_type decide tenancy; only the back end (admin API) may set them.
    this.userPoolClient = this.userPool.addClient('AppClient', {
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('firm_id', 'user_type'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    this.authorizer = new HttpUserPoolAuthorizer('CognitoAuthorizer', this.userPool, {
      userPoolClients: [this.userPoolClient],
    });

    this.httpApi = new HttpApi(this, 'HttpApi', { createDefaultStage: false });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_YEAR });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit, burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            latency: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            sub: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });

    new CfnOutput(this, 'ApiUrl', { value: this.stage.url });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
  }
}
