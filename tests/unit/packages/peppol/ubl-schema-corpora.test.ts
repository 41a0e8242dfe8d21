import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkUblSchema } from '#packages/peppol';

// Real UBL documents nobody on this project wrote, valid upstream: the structure check must find
// nothing in any of them. The corpora sit next to the repository and are never committed.
const corpora = fileURLToPath(new URL('../../../../../shared/corpora/', import.meta.url));

function xmlFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.xml$/i.test(file))
    .map((file) => join(folder, file));
}

/** Every finding in the documents, as `file: id location`, so a failure says where. */
function structureFindings(files: readonly string[]): string[] {
  return files.flatMap((file) =>
    checkUblSchema(readFileSync(file)).map((f) => `${relative(corpora, file)}: ${f.id} ${f.location} ${f.text}`),
  );
}

describe.skipIf(!existsSync(corpora))('checkUblSchema on the UBL documents in ../shared/corpora', () => {
  it('finds nothing in the EN 16931 UBL example and test documents (whole documents, valid upstream)', () => {
    const folder = join(corpora, 'en16931-cen');
    const { docs } = JSON.parse(readFileSync(join(folder, '_derived_testset_index.json'), 'utf8')) as {
      docs: { file: string; root: string }[];
    };
    const files = docs.filter((d) => d.root.includes(':ubl:')).map((d) => join(folder, d.file));

    expect(files.length).toBeGreaterThanOrEqual(48);
    expect(structureFindings(files)).toEqual([]);
  });

  it('finds nothing in the 36 UBL.BE invoices and credit notes', () => {
    const files = xmlFiles(join(corpora, 'be-ublbe'));

    expect(files).toHaveLength(36);
    expect(structureFindings(files)).toEqual([]);
  });

  it('finds nothing in the ZUGFeRD corpus UBL files that are valid upstream', () => {
    const folder = join(corpora, 'zugferd-facturx-corpus');
    const { items } = JSON.parse(readFileSync(join(folder, '_derived_expectations.json'), 'utf8')) as {
      items: { file: string; format?: string; expected: string }[];
    };
    const files = items.filter((i) => i.format === 'ubl' && i.expected === 'valid').map((i) => join(folder, i.file));

    expect(files.length).toBeGreaterThanOrEqual(26);
    expect(structureFindings(files)).toEqual([]);
  });
});
