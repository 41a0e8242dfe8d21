import { Stack, type StackProps } from 'aws-cdk-lib';
import { type HttpApi, HttpMethod, HttpNoneAuthorizer, HttpRoute, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2';
import type { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { UserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { createServiceFunctions, type ServiceFunction } from '../constructs/service-function.ts';
import { queueUrlVariable, type RouteDecl, stateMachineArnVariable } from '../wiring.ts';

export interface RoutesStackProps extends StackProps {
  readonly httpApi: HttpApi;
  readonly authorizer: HttpUserPoolAuthorizer;
  readonly userPool: UserPool;
  readonly table: ITable;
  readonly bucket: IBucket;
  /** The routes of one capability. */
  readonly routes: readonly RouteDecl[];
  /** @default 'in.example.com' */
  readonly inboundEmailDomain?: string;
  /** The API's public base URL for links and redirects (`PUBLIC_API_URL`). @default - none */
  readonly publicApiUrl?: string;
  /** The pipeline's queues by name, for routes that send to them (`sendsTo`). @default - none */
  readonly queues?: ReadonlyMap<string, IQueue>;
  /** The data stack's secrets by name, for routes that read them (`secrets`). @default - none */
  readonly secrets?: ReadonlyMap<string, ISecret>;
  /** The workflow stack's state machines by name, for routes that start or answer them (`workflows`). @default - none */
  readonly stateMachines?: ReadonlyMap<string, IStateMachine>;
}

/** One capability's routes on the shared HTTP API: a function per handler, least privilege each. */
export class RoutesStack extends Stack {
  readonly functions: ReadonlyMap<string, ServiceFunction>;

  constructor(scope: Construct, id: string, props: RoutesStackProps) {
    super(scope, id, props);
    if (props.routes.length === 0) throw new Error(`RoutesStack ${id}: no routes`);
    this.functions = createServiceFunctions(this, props.routes, {
      table: props.table,
      bucket: props.bucket,
      secrets: props.secrets,
      inboundEmailDomain: props.inboundEmailDomain,
      publicApiUrl: props.publicApiUrl,
    });
    for (const r of props.routes.filter((route) => route.userPool === 'createUsers')) {
      const fn = this.functions.get(r.handler)!;
      fn.function.addEnvironment('USER_POOL_ID', props.userPool.userPoolId);
      props.userPool.grant(fn.role, 'cognito-idp:AdminCreateUser');
    }
    const sends = new Map<string, Set<string>>();
    for (const r of props.routes)
      for (const q of r.sendsTo ?? []) sends.set(r.handler, (sends.get(r.handler) ?? new Set()).add(q));
    for (const [handler, targets] of sends) {
      for (const target of targets) {
        const queue = props.queues?.get(target);
        if (!queue) throw new Error(`RoutesStack ${id}: ${handler} sends to unknown queue ${target}`);
        this.functions.get(handler)!.allowSendTo(queue, queueUrlVariable(target));
      }
    }
    for (const r of props.routes) {
      for (const name of r.workflows ?? []) {
        const machine = props.stateMachines?.get(name);
        if (!machine) throw new Error(`RoutesStack ${id}: ${r.handler} uses unknown state machine ${name}`);
        const fn = this.functions.get(r.handler)!;
        fn.function.addEnvironment(stateMachineArnVariable(name), machine.stateMachineArn);
        machine.grantStartExecution(fn.function);
        machine.grantTaskResponse(fn.function);
      }
    }
    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const [handler, fn] of this.functions) {
      integrations.set(handler, new HttpLambdaIntegration(`${fn.node.id}Integration`, fn.function));
    }
    const noAuth = new HttpNoneAuthorizer();
    for (const r of props.routes) {
      const route = new HttpRoute(this, `${r.method}${r.path.replace(/[^A-Za-z0-9]/g, '')}`, {
        httpApi: props.httpApi,
        routeKey: HttpRouteKey.with(r.path, HttpMethod[r.method]),
        integration: integrations.get(r.handler)!,
        authorizer: r.auth === 'jwt' ? props.authorizer : noAuth,
      });
      if (r.auth === 'none') {
        NagSuppressions.addResourceSuppressions(route, [
          {
            id: 'AwsSolutions-APIG4',
            reason: `${r.method} ${r.path} is declared auth 'none' in infra/wiring.ts: public API documentation, or a caller that proves itself otherwise (an access point's HMAC signature, a one-time link token, a bank redirect's random state).`,
          },
        ]);
      }
    }
  }
}
