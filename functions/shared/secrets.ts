import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { loadConfig } from './config.js';
import { tracer } from './observability.js';

/**
 * How long a secret's value is used before Secrets Manager is asked again: a value put with
 * `put-secret-value` (a rotated token, a new connection) reaches warm functions within this time.
 */
export const SECRET_MAX_AGE_SECONDS = 300;

/** Powertools' secrets provider (with its cache) over the traced client, created once per container. */
const provider = new SecretsProvider({ awsSdkV3Client: tracer.captureAWSv3Client(new SecretsManagerClient({})) });

/**
 * A reader of the JSON secret `secretId` (its ARN), validated with `schema`. Secrets Manager is
 * asked on the first call and again once the cached value is older than
 * {@link SECRET_MAX_AGE_SECONDS}; a value that does not match the schema throws, naming only the
 * offending paths, never the values.
 */
export function jsonSecret<S extends z.ZodType>(name: string, secretId: string, schema: S): () => Promise<z.output<S>> {
  let last: { raw: unknown; value: z.output<S> } | undefined;
  return async () => {
    const raw: unknown = await provider.get(secretId, { transform: 'json', maxAge: SECRET_MAX_AGE_SECONDS });
    // The provider hands back the same object until it reads again: validated once per read.
    if (last && last.raw === raw) return last.value;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new Error(`Invalid secret ${name}: ${issues}`);
    }
    last = { raw, value: parsed.data };
    return parsed.data;
  };
}

/** An empty string in the secret (as in the placeholder it is created with) counts as absent. */
const blankAsAbsent = (value: unknown) => (value === '' ? undefined : value);

/** The `peppol-access-point` secret: the AP-as-a-service provider's connections and API. */
export const PeppolAccessPointSettings = z.object({
  /** `{ "<connection id>": "<shared secret>" }`: the HMAC secrets inbound deliveries are signed with. */
  connections: z.record(z.string().min(1), z.string().min(16)),
  /** The provider's message endpoint and its bearer token, for sending. */
  apiUrl: z.preprocess(blankAsAbsent, z.url().optional()),
  apiToken: z.preprocess(blankAsAbsent, z.string().min(1).optional()),
  /** The provider's participant lookup (SMP capabilities); without it every receiver is tried. */
  smpUrl: z.preprocess(blankAsAbsent, z.url().optional()),
});
export type PeppolAccessPointSettings = z.infer<typeof PeppolAccessPointSettings>;

const config = loadConfig({ SECRET_ARN_PEPPOL_ACCESS_POINT: z.string().min(1).optional() });

/**
 * The access point's settings from the `peppol-access-point` secret, or `undefined` where no
 * secret is bound (the local twin, which has its own dev connection and bucket access point).
 */
export const peppolAccessPoint: () => Promise<PeppolAccessPointSettings | undefined> =
  config.SECRET_ARN_PEPPOL_ACCESS_POINT === undefined
    ? async () => undefined
    : jsonSecret('peppol-access-point', config.SECRET_ARN_PEPPOL_ACCESS_POINT, PeppolAccessPointSettings);
