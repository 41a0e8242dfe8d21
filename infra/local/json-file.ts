import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * A JSON document persisted to one file: writes are debounced and atomic (temp file, then
 * rename), so a crash leaves either the old or the new content. With no path it persists nothing.
 */
export class JsonFile<T> {
  private timer: NodeJS.Timeout | undefined;
  private pending: (() => T) | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    readonly path: string | null,
    private readonly onError: (error: Error) => void,
    private readonly debounceMs = 50,
  ) {}

  /** The stored document, or `undefined` when there is none yet. */
  async load(): Promise<T | undefined> {
    if (!this.path) return undefined;
    try {
      return JSON.parse(await readFile(this.path, 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new Error(`Cannot read ${this.path}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Schedules a write of `snapshot()`, taken when the write happens. */
  save(snapshot: () => T): void {
    if (!this.path) return;
    this.pending = snapshot;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flush().catch(this.onError);
    }, this.debounceMs);
  }

  /** Writes a scheduled snapshot now and waits until every write has landed. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const snapshot = this.pending;
    this.pending = undefined;
    const path = this.path;
    if (snapshot && path) {
      const content = `${JSON.stringify(snapshot(), null, 1)}\n`;
      const write = this.writing.then(async () => {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(`${path}.tmp`, content);
        await rename(`${path}.tmp`, path);
      });
      // One failed write must not block the ones after it.
      this.writing = write.catch(() => undefined);
      await write;
      return;
    }
    await this.writing;
  }
}
