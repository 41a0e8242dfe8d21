import { z } from 'zod';

/**
 * Reads the environment once, at module load, and fails loudly when something is missing:
 * a misconfigured function should not start, not fail on its first request.
 */
export function loadConfig<T extends z.ZodRawShape>(shape: T): z.infer<z.ZodObject<T>> {
  const parsed = z.object(shape).safeParse(process.env);
  if (!parsed.success) {
    const missing = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid function configuration: ${missing}`);
  }
  return parsed.data;
}

export const tableConfig = loadConfig({ TABLE_NAME: z.string().min(1) });

/**
 * One variable read on first use instead of at load: for a module shared by handlers of which
 * only some have it (the bucket, a queue or state machine only some routes are granted). Missing
 * when used, it fails as loudly as {@link loadConfig}.
 */
export function configWhenUsed(name: string): () => string {
  let value: string | undefined;
  return () => {
    value ??= loadConfig({ [name]: z.string().min(1) })[name] as string;
    return value;
  };
}
