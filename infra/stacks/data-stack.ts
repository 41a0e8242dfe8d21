import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, StorageClass } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { tableSchema } from '../table-schema.ts';
import { handlerId, queues, routes } from '../wiring.ts';

/** Prefix of raw input (e-mail MIME, uploads, Peppol, bank files); tiered to colder storage. */
export const RAW_PREFIX = 'raw/';

/** What a secret named in the wiring holds, and the empty JSON it is created with. */
export interface SecretContents {
  readonly description: string;
  /** Created with these keys (values empty) plus a generated `unused` one; operators put the real values. */
  readonly placeholder: Readonly<Record<string, unknown>>;
}

/** Every secret a route or queue may declare in `infra/wiring.ts`, by name. */
export const SECRET_CONTENTS: Readonly<Record<string, SecretContents>> = {
  'peppol-access-point': {
    description:
      'Peppol access point (the AP-as-a-service provider), JSON: {"connections": {"<connection id>": ' +
      '"<HMAC shared secret, 16+ characters>"}, "apiUrl": "<message endpoint>", "apiToken": "<bearer token>", ' +
      '"smpUrl": "<participant lookup>"}. Empty values count as not configured.',
    placeholder: { connections: {}, apiUrl: '', apiToken: '', smpUrl: '' },
  },
  'psd2-provider': {
    description:
      'PSD2 account information provider (a bank or aggregator speaking Berlin Group NextGenPSD2), JSON: ' +
      '{"url": "<API root; /v1/… is appended>", "name": "<the bank as clients know it>", "token": "<bearer token, if the provider asks one>"}. ' +
      'An empty url counts as not configured.',
    placeholder: { url: '', name: '', token: '' },
  },
};

/** Every secret name the wiring's routes and queues declare, once. */
export function declaredSecrets(): string[] {
  return [...new Set([...routes, ...queues].flatMap((d) => d.secrets ?? []))].sort();
}

export interface DataStackProps extends StackProps {
  /**
   * Days before access logs of the document bucket expire.
   * @default 365
   */
  readonly accessLogRetentionDays?: number;
  /**
   * Secrets to create, by wiring name; each must be described in {@link SECRET_CONTENTS}.
   * @default - every secret the wiring's routes and queues declare
   */
  readonly secrets?: readonly string[];
}

/**
 * Stateful resources: the customer-managed KMS key, the single DynamoDB table, the document
 * bucket with its access-log bucket, and the Secrets Manager secrets the functions read.
 * Everything here is retained when the stack is deleted.
 */
export class DataStack extends Stack {
  readonly key: Key;
  readonly table: Table;
  readonly bucket: Bucket;
  readonly accessLogBucket: Bucket;
  /** Secrets by wiring name; the stacks that create functions grant read to those that declare one. */
  readonly secrets: ReadonlyMap<string, Secret>;

  constructor(scope: Construct, id: string, props: DataStackProps = {}) {
    super(scope, id, props);
    const accessLogRetentionDays = props.accessLogRetentionDays ?? 365;
    if (!Number.isInteger(accessLogRetentionDays) || accessLogRetentionDays < 1) {
      throw new Error(`DataStack: accessLogRetentionDays must be a positive integer, got ${accessLogRetentionDays}`);
    }

    this.key = new Key(this, 'DataKey', {
      description: 'Samenwerken data at rest: table and documents',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.table = new Table(this, 'Table', {
      partitionKey: { name: tableSchema.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableSchema.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: tableSchema.timeToLiveAttribute,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const gsi of tableSchema.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: gsi.indexName,
        partitionKey: { name: gsi.partitionKey, type: AttributeType.STRING },
        sortKey: { name: gsi.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }

    // S3 server access logs can only be delivered to a bucket with SSE-S3, not SSE-KMS.
    this.accessLogBucket = new Bucket(this, 'AccessLogBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(accessLogRetentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new Bucket(this, 'DocumentBucket', {
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'document-bucket/',
      // No expiration rule: exports/ and current raw/ objects are kept.
      lifecycleRules: [
        {
          id: 'tier-raw-input',
          prefix: RAW_PREFIX,
          transitions: [
            { storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) },
            { storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(365) },
          ],
        },
        { id: 'expire-noncurrent-versions', noncurrentVersionExpiration: Duration.days(90) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const secrets = new Map<string, Secret>();
    for (const name of props.secrets ?? declaredSecrets()) {
      const contents = SECRET_CONTENTS[name];
      if (!contents) throw new Error(`DataStack: secret ${name} has no entry in SECRET_CONTENTS`);
      const id = handlerId(name);
      const secret = new Secret(this, `${id}Secret`, {
        description: contents.description,
        // A placeholder so the deploy succeeds; the values are put with put-secret-value, never in the
        // template. Changing this template makes CloudFormation generate a new value over the real one.
        generateSecretString: {
          secretStringTemplate: JSON.stringify(contents.placeholder),
          generateStringKey: 'unused',
        },
        removalPolicy: RemovalPolicy.RETAIN,
      });
      NagSuppressions.addResourceSuppressions(secret, [
        {
          id: 'AwsSolutions-SMG4',
          reason:
            'Holds credentials issued by a third party (e.g. the Peppol provider), which no rotation Lambda can ' +
            'mint: they are rotated by putting the new values (put-secret-value); functions re-read within 5 minutes.',
        },
      ]);
      new CfnOutput(this, `${id}SecretArn`, {
        value: secret.secretArn,
        description: `Secret ${name}: aws secretsmanager put-secret-value --secret-id <this> --secret-string '<JSON>'`,
      });
      secrets.set(name, secret);
    }
    this.secrets = secrets;
  }
}
