import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateInvoice } from '#packages/peppol';
import { readTestSet, runUnitTest, unitTestFiles } from '../../../eval/conformance.ts';

// Optional conformance run over the EN 16931 unit tests nobody on this project wrote. The folder
// sits next to the repository and is never committed, so without it this file runs one test only.
const repoRoot = new URL('../../../../', import.meta.url);
const corpus = fileURLToPath(new URL('../shared/corpora/en16931-cen/', repoRoot));

describe('validateInvoice on the EN 16931 unit tests in ../shared/corpora', () => {
  if (!existsSync(corpus)) {
    it('finds no ../shared/corpora/en16931-cen next to the repository, so runs no corpus tests', () => {
      console.info(`peppol corpora: ${corpus} is absent; nothing to measure.`);
      expect(existsSync(corpus)).toBe(false);
    });
    return;
  }

  const tests = unitTestFiles().flatMap(readTestSet);
  const outcomes = tests.map((test) => ({ test, outcomes: runUnitTest(test) }));
  const passing = (prefix: RegExp) => outcomes.flatMap((o) => o.outcomes).filter((o) => prefix.test(o.rule));

  it('reads all 1 140 unit tests', () => {
    expect(tests).toHaveLength(1140);
  });

  it('passes at least 98 % of the unit tests', () => {
    const passed = outcomes.filter((o) => o.outcomes.every((x) => x.passed)).length;
    console.info(`peppol corpora: ${passed}/${tests.length} unit tests pass`);

    expect(passed / tests.length).toBeGreaterThanOrEqual(0.98);
  });

  it.each([
    ['BR-01 … BR-65', /^BR-\d+$/],
    ['the VAT category rules', /^BR-(S|Z|E|AE|IC|G|O|AF|AG)-/],
    ['the UBL syntax rules', /^UBL-/],
  ])('passes every unit test of %s', (_, prefix) => {
    const failed = passing(prefix).filter((o) => !o.passed);

    expect(failed).toEqual([]);
  });

  it('finds no error in any of the UBL and CII example documents, which are valid upstream', () => {
    const { docs } = JSON.parse(readFileSync(join(corpus, '_derived_testset_index.json'), 'utf8')) as {
      docs: { file: string; root: string }[];
    };
    const examples = docs.filter((d) => d.root.includes(':ubl:') || d.root.endsWith('}CrossIndustryInvoice'));

    const invalid = examples
      .filter((d) => !validateInvoice(readFileSync(join(corpus, d.file)), { peppol: false }).valid)
      .map((d) => d.file);

    expect(examples.length).toBeGreaterThan(40);
    expect(invalid).toEqual([]);
  });

  it('finds no PEPPOL-EN16931 or NL-R finding in the example documents that claim Peppol BIS 3.0', () => {
    const { docs } = JSON.parse(readFileSync(join(corpus, '_derived_testset_index.json'), 'utf8')) as {
      docs: { file: string; customizationId?: string }[];
    };
    const bis = docs.filter((d) => d.customizationId?.includes('urn:fdc:peppol.eu:2017:poacc:billing:3.0'));

    const fired = bis.flatMap((d) =>
      validateInvoice(readFileSync(join(corpus, d.file)))
        .findings.filter((f) => /^(PEPPOL-EN16931|NL-R)-/.test(f.id))
        .map((f) => `${d.file}: ${f.id}`),
    );

    expect(bis.length).toBeGreaterThan(20);
    expect(fired).toEqual([]);
  });
});
