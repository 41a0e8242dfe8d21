import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnResource, Duration, Stack, Tags, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type IRole, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct, type IConstruct } from 'constructs';
import { handlerId, secretArnVariable } from '../wiring.ts';

/** Repository root: this file lives in `infra/constructs/`. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Tag on every function naming the wiring handler it runs; read by the wiring-agreement test. */
export const HANDLER_TAG = 'samenwerken:handler';

export const METRICS_NAMESPACE = 'Samenwerken';

export const DEFAULT_INBOUND_EMAIL_DOMAIN = 'in.example.com';

export type Access = 'read' | 'write';

/** Lets ESM bundles load CommonJS dependencies that call `require`. */
// Aliased: a bundled module may import createRequire itself, and two top-level bindings of one name fail.
const ESM_REQUIRE_BANNER =
  "import { createRequire as __bannerRequire } from 'node:module';const require = __bannerRequire(import.meta.url);";

export interface ServiceFunctionProps {
  /** Wiring handler: a path under `functions/` without extension, e.g. `tenancy/get-me`. */
  readonly handler: string;
  /** @default Duration.seconds(10) */
  readonly timeout?: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
  /**
   * Domain of the per-administration inbound e-mail addresses (`INBOUND_EMAIL_DOMAIN`).
   * @default 'in.example.com'
   */
  readonly inboundEmailDomain?: string;
  /**
   * The API's public base URL (`PUBLIC_API_URL`): links in e-mails (one-time approval links)
   * and the bank's redirect back after a PSD2 consent. @default - none (handlers use the request's host)
   */
  readonly publicApiUrl?: string;
  /**
   * Repository root holding `functions/`, `package-lock.json` and `node_modules`.
   * @default - two levels above this file
   */
  readonly projectRoot?: string;
}

/**
 * A Lambda function for one wiring handler with the house defaults: ARM64, Node.js 20, active
 * tracing, minified ESM bundle with source maps, an explicit log group with retention and a
 * role that starts with nothing but write access to that log group. Access to the table and the
 * document bucket is added with {@link bindTable} and {@link bindBucket}, which grant and set the
 * environment in one call.
 */
export class ServiceFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly handler: string;
  private boundTable?: ITable;
  private boundBucket?: IBucket;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    if (!/^[a-z0-9-]+(\/[a-z0-9-]+)+$/.test(props.handler)) {
      throw new Error(`ServiceFunction: handler '${props.handler}' must look like 'capability/handler-name'`);
    }
    const memorySize = props.memorySize ?? 512;
    if (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10_240) {
      throw new Error(`ServiceFunction ${props.handler}: memorySize ${memorySize} must be an integer in 128..10240`);
    }
    const timeout = props.timeout ?? Duration.seconds(10);
    if (timeout.toSeconds() < 1 || timeout.toSeconds() > 900) {
      throw new Error(`ServiceFunction ${props.handler}: timeout must be between 1 and 900 seconds`);
    }
    const projectRoot = props.projectRoot ?? PROJECT_ROOT;
    const entry = join(projectRoot, 'functions', `${props.handler}.ts`);
    if (!existsSync(entry)) {
      throw new Error(`ServiceFunction ${props.handler}: entry ${entry} does not exist`);
    }
    this.handler = props.handler;

    this.logGroup = new LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
    });
    // An own role instead of AWSLambdaBasicExecutionRole, whose logs permissions span every log group.
    this.role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry,
      handler: 'handler',
      projectRoot,
      depsLockFilePath: join(projectRoot, 'package-lock.json'),
      runtime: Runtime.NODEJS_20_X,
      architecture: Architecture.ARM_64,
      memorySize,
      timeout,
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.handler.split('/')[0]!,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        NODE_OPTIONS: '--enable-source-maps',
        INBOUND_EMAIL_DOMAIN: props.inboundEmailDomain ?? DEFAULT_INBOUND_EMAIL_DOMAIN,
        ...(props.publicApiUrl ? { PUBLIC_API_URL: props.publicApiUrl } : {}),
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        // No `mainFields: ['module', ...]`: esbuild's node default (main first) resolves packages as Node
        // does locally; module-first breaks default imports of CommonJS packages such as jsvat-next.
        banner: ESM_REQUIRE_BANNER,
        // The SDK comes with the runtime. OCR (tesseract.js, the canvas addon) only runs in the
        // local engine: on AWS scans go to Textract, so those modules are never loaded there.
        externalModules: ['@aws-sdk/*', 'tesseract.js', '@napi-rs/canvas'],
        minify: true,
        sourceMap: true,
      },
    });
    Tags.of(this.function).add(HANDLER_TAG, props.handler);

    const pinnedRuntime =
      'Pinned to Node.js 20, the version the repository (engines) and the local twin run, so both runtimes ' +
      'execute the same code. Lambda blocks creating nodejs20.x functions from 2027-02-01 and updating them from ' +
      '2027-03-03: raise this together with package.json engines before then.';
    NagSuppressions.addResourceSuppressions(this.function, [{ id: 'AwsSolutions-L1', reason: pinnedRuntime }]);
    Validations.of(this.function).acknowledge({ id: 'CloudFormation-Validate::W2531', reason: pinnedRuntime });
    this.suppressOnRole(
      'X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) do not support resource-level permissions.',
      ['Resource::*'],
    );
  }

  /** Grants read or read-write data access to the table and sets `TABLE_NAME`. */
  bindTable(table: ITable, access: Access): this {
    if (this.boundTable && this.boundTable !== table) {
      throw new Error(`ServiceFunction ${this.handler}: already bound to another table`);
    }
    this.boundTable = table;
    if (access === 'write') table.grantReadWriteData(this.role);
    else table.grantReadData(this.role);
    this.function.addEnvironment('TABLE_NAME', table.tableName);
    this.suppressOnRole(
      "The table's own GSIs (gsi1, gsi2 in table-schema.ts) serve access patterns; grant*Data scopes the index " +
        'wildcard to this one table.',
      [nagArnAppliesTo(table, '/index/*')],
    );
    if (access === 'write') {
      this.suppressOnRole(
        'kms:GenerateDataKey*/ReEncrypt* come from Table.grantReadWriteData and are limited to the data key ARN.',
        ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'],
      );
    }
    return this;
  }

  /**
   * Grants object read access, plus put for `write`, and sets `BUCKET_NAME`. Deletion is never
   * granted: raw input and archives are kept (versioning and lifecycle rules handle old data).
   */
  bindBucket(bucket: IBucket, access: Access): this {
    if (this.boundBucket && this.boundBucket !== bucket) {
      throw new Error(`ServiceFunction ${this.handler}: already bound to another bucket`);
    }
    this.boundBucket = bucket;
    bucket.grantRead(this.role);
    if (access === 'write') bucket.grantPut(this.role);
    this.function.addEnvironment('BUCKET_NAME', bucket.bucketName);
    this.suppressOnRole(
      'Bucket.grantRead action groups (s3:GetObject*, GetBucket*, List*) on this one bucket and its objects; ' +
        'object keys are per tenant and not known at deploy time.',
      ['Action::s3:GetObject*', 'Action::s3:GetBucket*', 'Action::s3:List*', nagArnAppliesTo(bucket, '/*')],
    );
    if (access === 'write') {
      this.suppressOnRole(
        'Bucket.grantPut: s3:Abort* (abort own multipart uploads) and SSE-KMS data keys, limited to this bucket ' +
          'and the data key ARN. No delete is granted.',
        ['Action::s3:Abort*', 'Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'],
      );
    }
    return this;
  }

  /** Grants SendMessage on `queue` (and its key) and sets its URL in `variable`. */
  allowSendTo(queue: IQueue, variable: string): this {
    queue.grantSendMessages(this.role);
    this.function.addEnvironment(variable, queue.queueUrl);
    this.suppressOnRole('SendMessage to an SSE-KMS queue needs data keys; limited to the queue key ARN.', [
      'Action::kms:GenerateDataKey*',
      'Action::kms:ReEncrypt*',
    ]);
    return this;
  }

  /**
   * Grants reading `secret` (GetSecretValue, DescribeSecret, and decrypt with its key if it has
   * one) and sets its ARN in `variable`; the function reads the value itself, so a new version is
   * picked up without a deploy.
   */
  bindSecret(secret: ISecret, variable: string): this {
    secret.grantRead(this.role);
    this.function.addEnvironment(variable, secret.secretArn);
    return this;
  }

  /** Grants SES SendEmail from the sending identity and sets `SENDER_ADDRESS`. */
  allowEmail(identityArn: string, senderAddress: string): this {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['ses:SendEmail', 'ses:SendRawEmail'], resources: [identityArn] }),
    );
    this.function.addEnvironment('SENDER_ADDRESS', senderAddress);
    return this;
  }

  /**
   * Grants Textract expense analysis, with PassRole for the role Textract publishes completions
   * with, and sets `RECOGNITION_ENGINE=textract`, `TEXTRACT_SNS_TOPIC_ARN` and `TEXTRACT_ROLE_ARN`.
   */
  allowTextract(topic: ITopic, publishRole: IRole): this {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['textract:AnalyzeExpense', 'textract:StartExpenseAnalysis', 'textract:GetExpenseAnalysis'],
        resources: ['*'],
      }),
    );
    this.suppressOnRole('Textract expense analysis supports no resource-level permissions.', ['Resource::*']);
    publishRole.grantPassRole(this.role);
    this.function.addEnvironment('RECOGNITION_ENGINE', 'textract');
    this.function.addEnvironment('TEXTRACT_SNS_TOPIC_ARN', topic.topicArn);
    this.function.addEnvironment('TEXTRACT_ROLE_ARN', publishRole.roleArn);
    return this;
  }

  private suppressOnRole(reason: string, appliesTo: (string | { regex: string })[]): void {
    NagSuppressions.addResourceSuppressions(this.role, [{ id: 'AwsSolutions-IAM5', reason, appliesTo }], true);
  }
}

/**
 * cdk-nag `appliesTo` for a wildcard resource under the ARN of a resource defined in this app:
 * `Resource::<Id.Arn><suffix>`. Across stacks the ARN is rendered as the export name once the
 * reference has been resolved (e.g. when assertions re-synthesize), so that form is matched too.
 */
export function nagArnAppliesTo(construct: IConstruct, suffix: string): { regex: string } {
  const cfn = construct.node.defaultChild;
  if (!CfnResource.isCfnResource(cfn)) {
    throw new Error(`${construct.node.path} is not defined in this app; its grants cannot be suppressed narrowly`);
  }
  const id = Stack.of(cfn).getLogicalId(cfn);
  const escaped = suffix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return { regex: `/^Resource::(<${id}\\.Arn>|[\\w-]+:ExportsOutputFnGetAtt${id}Arn[0-9A-F]+)${escaped}$/` };
}

/** What one stack needs from a handler, as declared in the wiring. */
export interface HandlerUse {
  readonly handler: string;
  readonly table: Access | 'none';
  readonly bucket?: Access | 'none';
  /** Names of the secrets the handler reads. @default [] */
  readonly secrets?: readonly string[];
}

export interface ServiceFunctionsProps extends Omit<ServiceFunctionProps, 'handler'> {
  readonly table: ITable;
  readonly bucket: IBucket;
  /** The app's secrets by wiring name, for uses that declare `secrets`. @default - none */
  readonly secrets?: ReadonlyMap<string, ISecret>;
}

const rank = { none: 0, read: 1, write: 2 } as const;
const widest = (a: Access | 'none', b: Access | 'none'): Access | 'none' => (rank[a] >= rank[b] ? a : b);

/**
 * One {@link ServiceFunction} per distinct handler in `uses` (construct id from `handlerId`),
 * bound to the table and bucket with the widest access any use declares, and to every secret
 * any use declares (`SECRET_ARN_<NAME>`).
 */
export function createServiceFunctions(
  scope: Construct,
  uses: readonly HandlerUse[],
  props: ServiceFunctionsProps,
): Map<string, ServiceFunction> {
  const needs = new Map<string, { table: Access | 'none'; bucket: Access | 'none'; secrets: Set<string> }>();
  for (const use of uses) {
    const prev = needs.get(use.handler) ?? { table: 'none', bucket: 'none', secrets: new Set<string>() };
    needs.set(use.handler, {
      table: widest(prev.table, use.table),
      bucket: widest(prev.bucket, use.bucket ?? 'none'),
      secrets: new Set([...prev.secrets, ...(use.secrets ?? [])]),
    });
  }
  const { table, bucket, secrets, ...functionProps } = props;
  const functions = new Map<string, ServiceFunction>();
  for (const [handler, need] of needs) {
    const fn = new ServiceFunction(scope, handlerId(handler), { ...functionProps, handler });
    if (need.table !== 'none') fn.bindTable(table, need.table);
    if (need.bucket !== 'none') fn.bindBucket(bucket, need.bucket);
    for (const name of need.secrets) {
      const secret = secrets?.get(name);
      if (!secret) throw new Error(`ServiceFunction ${handler}: reads unknown secret ${name}`);
      fn.bindSecret(secret, secretArnVariable(name));
    }
    functions.set(handler, fn);
  }
  return functions;
}
