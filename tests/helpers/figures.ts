import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One measured figure; `target` is a comparison such as `"< 50"` or `">= 0.98"`. */
export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly target?: string;
}

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Whether `value` meets `target` (`<`, `<=`, `>`, `>=`, `==`). Undefined when there is no target. */
export function meets(value: number, target: string | undefined): boolean | undefined {
  if (!target) return undefined;
  const m = /^(<=|>=|<|>|==)\s*(-?[\d.]+)$/.exec(target.trim());
  if (!m) throw new Error(`Unreadable target '${target}'`);
  const limit = Number(m[2]);
  switch (m[1]) {
    case '<':
      return value < limit;
    case '<=':
      return value <= limit;
    case '>':
      return value > limit;
    case '>=':
      return value >= limit;
    default:
      return value === limit;
  }
}

/** Prints the figures as a table and writes them to `<folder>/<suite>.json`. */
export async function report(folder: 'bench-results' | 'eval-results', suite: string, figures: readonly Figure[]) {
  const rows = figures.map((f) => {
    const ok = meets(f.value, f.target);
    return [
      f.name,
      `${Number.isInteger(f.value) ? f.value : f.value.toFixed(2)} ${f.unit}`,
      f.target ?? '',
      ok === undefined ? '' : ok ? 'ok' : 'MISSED',
    ];
  });
  const head = ['figure', 'value', 'target', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  process.stdout.write(
    `\n${suite}\n${line(head)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${rows.map(line).join('\n')}\n`,
  );
  const dir = join(root, folder);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${suite}.json`), `${JSON.stringify(figures, null, 2)}\n`);
  process.stdout.write(`written to ${folder}/${suite}.json\n`);
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}
