import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStatementFile } from '#packages/bank/statements';
import { corporaDir, corpusFiles, matchingLines } from '../../../../eval/bank-statements.ts';

// The public corpora live outside the project (../shared/corpora) and are optional.
describe.skipIf(!existsSync(corporaDir))('statement corpora', () => {
  const files = corpusFiles();

  it('finds the camt, MT940 and CODA corpora', () => {
    expect(new Set(files.map((f) => f.corpus))).toEqual(new Set(['camt-genkgo', 'mt940-wolph', 'coda-be-samples']));
  });

  it.each(files.filter((f) => f.isStatement).map((f) => [`${f.corpus}/${basename(f.path)}`, f] as const))(
    'parses %s with every statement dated and in a currency',
    (_name, file) => {
      const parsed = parseStatementFile(new Uint8Array(readFileSync(file.path)), basename(file.path));

      expect(parsed.statements.length).toBeGreaterThan(0);
      for (const statement of parsed.statements) {
        expect(statement.currency).toMatch(/^[A-Z]{3}$/);
        for (const line of statement.lines) expect(line.bookingDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    },
  );

  it('agrees with the camt expectations on every booked entry', () => {
    for (const file of files.filter((f) => f.corpus === 'camt-genkgo' && f.expected)) {
      const parsed = parseStatementFile(new Uint8Array(readFileSync(file.path)));

      expect(matchingLines(parsed, file.expected ?? []), basename(file.path)).toBe(file.expected?.length);
    }
  });
});
