import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  type HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
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
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { createServiceFunctions, type ServiceFunction } from '../constructs/service-function.ts';
import { type RouteDecl, routes as wiringRoutes } from '../wiring.ts';

export interface ApiStackProps extends StackProps {
  readonly table: ITable;
  readonly bucket: IBucket;
  /** @default - every route in `infra/wiring.ts` */
  readonly routes?: readonly RouteDecl[];
  /** @default 'in.example.com' */
  readonly inboundEmailDomain?: string;
  /**
   * Steady-state requests per second for the whole stage.
   * @default 100
   */
  readonly throttleRateLimit?: number;
  /** @default 200 */
  readonly throttleBurstLimit?: number;
}

/**
 * The HTTP API: one Lambda per route handler, a Cognito user pool whose tokens the JWT
 * authorizer checks on every `jwt` route, and an access-logged, throttled `$default` stage.
 */
export class ApiStack extends Stack {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly functions: ReadonlyMap<string, ServiceFunction>;

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

    const authorizer = new HttpUserPoolAuthorizer('CognitoAuthorizer', this.userPool, {
      userPoolClients: [this.userPoolClient],
    });
    const noAuth = new HttpNoneAuthorizer();

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

    this.functions = createServiceFunctions(this, routes, {
      table: props.table,
      bucket: props.bucket,
      inboundEmailDomain: props.inboundEmailDomain,
    });
    for (const r of routes.filter((route) => route.userPool === 'createUsers')) {
      const fn = this.functions.get(r.handler)!;
      fn.function.addEnvironment('USER_POOL_ID', this.userPool.userPoolId);
      this.userPool.grant(fn.role, 'cognito-idp:AdminCreateUser');
    }
    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const [handler, fn] of this.functions) {
      integrations.set(handler, new HttpLambdaIntegration(`${fn.node.id}Integration`, fn.function));
    }
    for (const r of routes) {
      const [route] = this.httpApi.addRoutes({
        path: r.path,
        methods: [HttpMethod[r.method]],
        integration: integrations.get(r.handler)!,
        authorizer: r.auth === 'jwt' ? authorizer : noAuth,
      });
      if (r.auth === 'none') {
        NagSuppressions.addResourceSuppressions(route!, [
          {
            id: 'AwsSolutions-APIG4',
            reason: `${r.method} ${r.path} is declared auth 'none' in infra/wiring.ts: public API documentation, no tenant data.`,
          },
        ]);
      }
    }

    new CfnOutput(this, 'ApiUrl', { value: this.stage.url });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
  }
}
