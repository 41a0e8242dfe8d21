import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rules, validateInvoice } from '#packages/peppol';
import type { Figure } from '../helpers/figures.ts';

/**
 * `npm run eval -- conformance`: the EN 16931 unit tests (the vefa testSets of
 * ConnectingEurope/eInvoicing-EN16931 under `../shared/corpora/en16931-cen/test`) run against
 * our own validation engine. Set-level asserts merge into each test; only rules in scope count;
 * `success` means the rule must not fire, `error`/`warning`/`fatal` that it fires with exactly
 * that flag once (or `number` times). The whole example documents must validate without errors.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const corpus = join(root, '../shared/corpora/en16931-cen');

type Flag = 'error' | 'warning' | 'fatal';

export interface Expectations {
  readonly scope: Set<string>;
  readonly success: Set<string>;
  readonly fire: Map<string, { flag: Flag; count: number }>;
}

export interface UnitTest {
  readonly file: string;
  readonly index: number;
  readonly description: string;
  readonly expect: Expectations;
  readonly document: string;
}

export interface TestOutcome {
  readonly rule: string;
  readonly passed: boolean;
  readonly expected: string;
  readonly got: string;
}

function readAssert(text: string, into: Expectations): void {
  for (const [, id] of text.matchAll(/<scope>\s*([^<]+?)\s*<\/scope>/g)) into.scope.add(id as string);
  for (const [, id] of text.matchAll(/<success>\s*([^<]+?)\s*<\/success>/g)) into.success.add(id as string);
  for (const [, flag, attributes, id] of text.matchAll(/<(error|warning|fatal)\b([^>]*)>\s*([^<]+?)\s*<\/\1>/g)) {
    const count = Number(/number\s*=\s*"(\d+)"/.exec(attributes ?? '')?.[1] ?? '1');
    into.fire.set(id as string, { flag: flag as Flag, count });
  }
}

/** The tests of one testSet file, each with the set-level assert merged in. */
export function readTestSet(file: string): UnitTest[] {
  const text = readFileSync(file, 'utf8').replace(/<!--[\s\S]*?-->/g, '');
  const firstTest = text.search(/<test\b/);
  const setLevel = text.slice(0, firstTest < 0 ? text.length : firstTest);
  const tests: UnitTest[] = [];
  for (const [, body] of text.matchAll(/<test\b[^>]*>([\s\S]*?)<\/test>/g)) {
    const expect: Expectations = { scope: new Set(), success: new Set(), fire: new Map() };
    readAssert(setLevel, expect);
    const assertEnd = (body as string).indexOf('</assert>');
    const assert = assertEnd < 0 ? '' : (body as string).slice(0, assertEnd);
    readAssert(assert, expect);
    tests.push({
      file,
      index: tests.length + 1,
      description: (/<description>([\s\S]*?)<\/description>/.exec(assert)?.[1] ?? '').replace(/\s+/g, ' ').trim(),
      expect,
      document: (body as string).slice(assertEnd < 0 ? 0 : assertEnd + '</assert>'.length).trim(),
    });
  }
  return tests;
}

/** Runs one unit test; one outcome per expectation whose rule is in scope. */
export function runUnitTest(test: UnitTest): TestOutcome[] {
  const { findings } = validateInvoice(test.document, { rulesOnly: true });
  const fired = (rule: string) => findings.filter((f) => f.id === rule);
  const describe = (rule: string) => {
    const list = fired(rule);
    return list.length === 0 ? 'not fired' : `${list.length}× ${[...new Set(list.map((f) => f.flag))].join('/')}`;
  };
  const outcomes: TestOutcome[] = [];
  for (const rule of test.expect.success) {
    if (!test.expect.scope.has(rule)) continue;
    outcomes.push({ rule, passed: fired(rule).length === 0, expected: 'not fired', got: describe(rule) });
  }
  for (const [rule, { flag, count }] of test.expect.fire) {
    if (!test.expect.scope.has(rule)) continue;
    const list = fired(rule);
    const passed = list.length === count && list.every((f) => f.flag === flag);
    outcomes.push({ rule, passed, expected: `${count}× ${flag}`, got: describe(rule) });
  }
  return outcomes;
}

export function unitTestFiles(): string[] {
  const testRoot = join(corpus, 'test');
  return readdirSync(testRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && (entry.name.includes('-unit-') || entry.name === 'cii'))
    .flatMap((entry) =>
      readdirSync(join(testRoot, entry.name))
        .filter((name) => name.endsWith('.xml'))
        .map((name) => join(testRoot, entry.name, name)),
    )
    .sort();
}

const family = (rule: string) => rule.replace(/-\d+(-\d+)?$/, '');

export async function run(): Promise<Figure[]> {
  if (!existsSync(corpus)) {
    process.stdout.write(`conformance: ${corpus} is absent; there is nothing to measure.\n`);
    return [];
  }
  const implemented = new Set(rules.map((r) => r.id));
  const perRule = new Map<string, { passed: number; failed: number }>();
  const failures: object[] = [];
  let testsPassed = 0;
  let testsTotal = 0;
  const started = performance.now();
  for (const file of unitTestFiles()) {
    for (const test of readTestSet(file)) {
      const outcomes = runUnitTest(test);
      if (outcomes.length === 0) continue;
      testsTotal += 1;
      if (outcomes.every((o) => o.passed)) testsPassed += 1;
      for (const outcome of outcomes) {
        const tally = perRule.get(outcome.rule) ?? { passed: 0, failed: 0 };
        tally[outcome.passed ? 'passed' : 'failed'] += 1;
        perRule.set(outcome.rule, tally);
        if (!outcome.passed) {
          failures.push({
            file: relative(corpus, file),
            test: test.index,
            description: test.description,
            rule: outcome.rule,
            implemented: implemented.has(outcome.rule),
            expected: outcome.expected,
            got: outcome.got,
          });
        }
      }
    }
  }
  const elapsed = performance.now() - started;

  const lines = [...perRule.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(
      ([rule, t]) =>
        `${rule.padEnd(12)} ${String(t.passed).padStart(3)} passed ${String(t.failed).padStart(3)} failed${implemented.has(rule) ? '' : '  (not implemented)'}`,
    );
  process.stdout.write(`\nEN 16931 unit tests per rule (${relative(root, corpus)})\n${lines.join('\n')}\n`);

  const families = new Map<string, { passed: number; failed: number }>();
  for (const [rule, t] of perRule) {
    const f = families.get(family(rule)) ?? { passed: 0, failed: 0 };
    f.passed += t.passed;
    f.failed += t.failed;
    families.set(family(rule), f);
  }

  // Whole example documents: valid upstream, so no error or fatal may fire.
  const { docs } = JSON.parse(readFileSync(join(corpus, '_derived_testset_index.json'), 'utf8')) as {
    docs: { file: string; root: string; customizationId?: string }[];
  };
  const validShare = (syntax: RegExp) => {
    const chosen = docs.filter((d) => syntax.test(d.root));
    let valid = 0;
    for (const doc of chosen) {
      // EN 16931 alone: the Peppol rules are measured separately below.
      const report = validateInvoice(readFileSync(join(corpus, doc.file)), { peppol: false });
      if (report.valid) valid += 1;
      else {
        const fired = report.findings.filter((f) => f.flag !== 'warning').map((f) => `${f.id} at ${f.location}`);
        failures.push({
          file: doc.file,
          test: 'whole document',
          rule: fired.join('; '),
          expected: 'valid',
          got: 'invalid',
        });
      }
    }
    return chosen.length === 0 ? 0 : valid / chosen.length;
  };
  const ublValid = validShare(/:ubl:/);
  const ciiValid = validShare(/CrossIndustryInvoice/);

  // The example documents that claim Peppol BIS 3.0, with every rule that applies to them. Many
  // carry placeholder identifiers (Swedish organisation numbers, GLNs) that fail the PEPPOL-COMMON
  // check digit rules, so the CIUS rules proper are counted on their own as well.
  const bis = docs.filter((d) => d.customizationId?.includes('urn:fdc:peppol.eu:2017:poacc:billing:3.0'));
  let bisValid = 0;
  let bisCiusClean = 0;
  const bisRules = new Map<string, number>();
  for (const doc of bis) {
    const report = validateInvoice(readFileSync(join(corpus, doc.file)));
    if (report.valid) bisValid += 1;
    if (!report.findings.some((f) => /^(PEPPOL-EN16931|NL-R)-/.test(f.id))) bisCiusClean += 1;
    for (const id of new Set(report.findings.filter((f) => f.flag !== 'warning').map((f) => f.id))) {
      bisRules.set(id, (bisRules.get(id) ?? 0) + 1);
    }
  }
  if (bis.length > 0) {
    const fired = [...bisRules].map(([id, n]) => `${id} in ${n}`).join(', ');
    process.stdout.write(
      `BIS 3.0 example documents: ${bisValid}/${bis.length} valid; rules fired: ${fired || 'none'}\n`,
    );
  }

  await mkdir(join(root, 'eval-results'), { recursive: true });
  await writeFile(join(root, 'eval-results/conformance-failures.json'), `${JSON.stringify(failures, null, 2)}\n`);
  process.stdout.write('failing tests written to eval-results/conformance-failures.json\n');

  return [
    ...[...families.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .flatMap(([name, t]): Figure[] => [
        { name: `${name} expectations passed`, value: t.passed, unit: 'tests' },
        { name: `${name} expectations failed`, value: t.failed, unit: 'tests' },
      ]),
    { name: 'unit tests passed', value: testsPassed, unit: 'tests' },
    { name: 'unit tests run', value: testsTotal, unit: 'tests' },
    {
      name: 'unit test pass ratio',
      value: testsTotal === 0 ? 0 : testsPassed / testsTotal,
      unit: 'ratio',
      target: '== 1',
    },
    {
      name: 'rules in scope without implementation',
      value: [...perRule.keys()].filter((r) => !implemented.has(r)).length,
      unit: 'rules',
    },
    { name: 'UBL example documents valid', value: ublValid, unit: 'ratio', target: '== 1' },
    { name: 'CII example documents valid', value: ciiValid, unit: 'ratio', target: '== 1' },
    ...(bis.length === 0
      ? []
      : [
          { name: 'BIS 3.0 example documents', value: bis.length, unit: 'documents' },
          { name: 'BIS 3.0 example documents valid', value: bisValid / bis.length, unit: 'ratio' },
          {
            name: 'BIS 3.0 example documents without PEPPOL-EN16931 or NL-R findings',
            value: bisCiusClean / bis.length,
            unit: 'ratio',
            target: '== 1',
          },
        ]),
    { name: 'mean time per unit test', value: testsTotal === 0 ? 0 : elapsed / testsTotal, unit: 'ms' },
  ];
}
