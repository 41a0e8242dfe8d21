import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm start` keeps its data, and the file that says a local back end is running. */
export const LOCAL_DIR = fileURLToPath(new URL('../../.local/', import.meta.url));
const runtimeFile = (dataDir: string) => join(dataDir, 'runtime.json');

/** What a running local back end tells the operator CLI: its API, issuer and AWS endpoints. */
export interface LocalRuntime {
  readonly pid: number;
  readonly apiUrl: string;
  readonly issuer: string;
  /** The environment handlers run with (table, bucket, endpoints, region, credentials). */
  readonly env: Record<string, string>;
  readonly smtp: string;
}

export async function writeRuntime(dataDir: string, runtime: LocalRuntime): Promise<void> {
  await writeFile(runtimeFile(dataDir), `${JSON.stringify(runtime, null, 2)}\n`);
}

export async function clearRuntime(dataDir: string): Promise<void> {
  await rm(runtimeFile(dataDir), { force: true });
}

/** The back end running on `dataDir` (default `.local/`), or a clear error when there is none. */
export async function readRuntime(dataDir = LOCAL_DIR): Promise<LocalRuntime> {
  const text = await readFile(runtimeFile(dataDir), 'utf8').catch(() => undefined);
  const runtime = text ? (JSON.parse(text) as LocalRuntime) : undefined;
  let alive = false;
  if (runtime) {
    try {
      process.kill(runtime.pid, 0);
      alive = true;
    } catch {
      alive = false;
    }
  }
  if (!runtime || !alive) {
    throw new Error('The local back end is not running. Start it with `npm start` in another terminal.');
  }
  return runtime;
}
