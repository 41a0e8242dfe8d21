import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(join(root, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.(ts|js|mjs)$/.test(e.name))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

/** Production code: the domain, the handlers and the CDK app (not the local twin's own tooling). */
const productionDirs = ['packages', 'functions', 'infra/bin', 'infra/stacks', 'infra/constructs'];
const scan =
  /\b(ScanCommand|ParallelScan|ExecuteStatementCommand|BatchExecuteStatementCommand)\b|\.scan\(|['"]dynamodb:Scan['"]/;

describe('data access', () => {
  it('never issues a DynamoDB Scan (or a PartiQL statement that could become one) in production code', async () => {
    const files = (await Promise.all(productionDirs.map(sourceFiles))).flat();
    expect(files.length).toBeGreaterThan(20);
    const offenders: string[] = [];
    for (const file of files) {
      const text = await readFile(join(root, file), 'utf8');
      text.split('\n').forEach((line, i) => {
        if (scan.test(line)) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it('detects a Scan when one is written', () => {
    expect(scan.test("import { ScanCommand } from '@aws-sdk/lib-dynamodb';")).toBe(true);
    expect(scan.test('await doc.send(new QueryCommand(input));')).toBe(false);
  });
});

describe('handlers', () => {
  it('are thin: each exports only `handler` and never parses JSON itself', async () => {
    const files = (await sourceFiles('functions')).filter(
      (f) => !f.startsWith('functions/shared/') && !f.endsWith('api-description.ts'),
    );
    for (const file of files) {
      const text = await readFile(join(root, file), 'utf8');
      const exports = [...text.matchAll(/^export\s+(?:const|function|async function|class|let)\s+(\w+)/gm)].map(
        (m) => m[1],
      );
      expect(exports, file).toEqual(['handler']);
      expect(text, file).not.toMatch(/JSON\.parse\(/);
    }
  });
});
