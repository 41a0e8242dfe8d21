import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseStatementFile } from '#packages/bank/statements';
import type { Figure } from '../helpers/figures.ts';

/**
 * `npm run eval -- bank-statements`: the statement parsers against the public corpora under
 * `../shared/corpora` — camt-genkgo (camt.052/053/054 with the upstream parser's JSON),
 * mt940-wolph (MT940/MT942 with `_derived_expected_json`) and coda-be-samples (two CODA files,
 * checked against their own trailer totals). Counts files parsed, statements, lines that agree
 * with the expectation (amount and dates), and balance checks that hold.
 *
 * Known, explained differences: the upstream MT940 parser reads `RC` (reversal of a credit) as
 * money in, where SWIFT and the statements' own balances say money out (two lines of
 * betterplace/sepa_mt9401.sta, whose 26 statements all balance our way); sample6.cod is a
 * hand-made CODA sample whose trailer and balances do not match its movements. Many upstream
 * MT940 and camt test files do not balance; those mismatches are counted, not hidden. Field
 * snippets (a lone `:61:` or `:25:`) and deliberately invalid files are not whole statements.
 */
type ParsedStatementFile = ReturnType<typeof parseStatementFile>;
type BankStatement = ParsedStatementFile['statements'][number];

const root = fileURLToPath(new URL('../../', import.meta.url));
export const corporaDir = join(root, '../shared/corpora');

export interface CorpusFile {
  readonly corpus: 'camt-genkgo' | 'mt940-wolph' | 'coda-be-samples';
  readonly path: string;
  /** A whole statement, not a one-field snippet or a deliberately invalid file. */
  readonly isStatement: boolean;
  readonly expected?: ExpectedLine[];
}

export interface ExpectedLine {
  readonly amount: number;
  readonly bookingDate?: string;
  readonly valueDate?: string;
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
}

function cents(value: string): number {
  const [whole = '0', fraction = ''] = value.replace('-', '').split('.');
  const magnitude =
    Number(whole) * 100 + Number(fraction.slice(0, 2).padEnd(2, '0')) + (Number(fraction[2] ?? 0) >= 5 ? 1 : 0);
  return value.startsWith('-') ? -magnitude : magnitude;
}

const day = (value: unknown) => (typeof value === 'string' ? value.slice(0, 10) : undefined);

interface GenkgoEntry {
  getAmount: { getAmount: string };
  getStatus?: string | null;
  getBookingDate?: { '0'?: string } | null;
  getValueDate?: { '0'?: string } | null;
}

/** Every camt, MT940/MT942 and CODA file of the corpora, with its expectation where there is one. */
export function corpusFiles(): CorpusFile[] {
  const files: CorpusFile[] = [];
  const camt = join(corporaDir, 'camt-genkgo/test/data');
  for (const path of walk(camt).filter((p) => p.endsWith('.xml'))) {
    const json = path.replace(/\.xml$/, '.json');
    const expected = existsSync(json)
      ? (JSON.parse(readFileSync(json, 'utf8')) as { getEntries: GenkgoEntry[] }).getEntries
          // Pending and information-only entries are not booked movements; the parser leaves them out.
          .filter((e) => !e.getStatus || e.getStatus === 'BOOK')
          .map((e) => ({
            amount: Number(e.getAmount.getAmount),
            ...(day(e.getBookingDate?.['0']) ? { bookingDate: day(e.getBookingDate?.['0']) } : {}),
            ...(day(e.getValueDate?.['0']) ? { valueDate: day(e.getValueDate?.['0']) } : {}),
          }))
      : undefined;
    files.push({ corpus: 'camt-genkgo', path, isStatement: expected !== undefined, ...(expected ? { expected } : {}) });
  }
  const mt940 = join(corporaDir, 'mt940-wolph');
  for (const path of walk(join(mt940, 'mt940_tests')).filter((p) => /\.(sta|txt)$/.test(p))) {
    const text = readFileSync(path, 'latin1');
    const isStatement = /^:25:/m.test(text) && /^:(60[FM]|34F):/m.test(text);
    const json = join(mt940, '_derived_expected_json', relative(join(mt940, 'mt940_tests'), path)).replace(
      /\.(sta|txt)$/,
      '.expected.json',
    );
    let expected: ExpectedLine[] | undefined;
    if (existsSync(json)) {
      const parsed = JSON.parse(readFileSync(json, 'utf8')) as {
        transactions?: { data: { amount: { amount: string }; date?: string; entry_date?: string } }[];
      };
      expected = parsed.transactions?.map(({ data }) => ({
        amount: cents(data.amount.amount),
        ...(data.entry_date ? { bookingDate: data.entry_date } : {}),
        ...(data.date ? { valueDate: data.date } : {}),
      }));
    }
    files.push({ corpus: 'mt940-wolph', path, isStatement, ...(expected ? { expected } : {}) });
  }
  for (const path of walk(join(corporaDir, 'coda-be-samples')).filter((p) => /\.cod$/i.test(p))) {
    files.push({ corpus: 'coda-be-samples', path, isStatement: true });
  }
  return files;
}

/** Lines of the parsed file that match the expected lines one to one (amount, dates given). */
export function matchingLines(parsed: ParsedStatementFile, expected: readonly ExpectedLine[]): number {
  const remaining = parsed.statements.flatMap((s) => s.lines);
  let matched = 0;
  for (const want of expected) {
    const at = remaining.findIndex(
      (line) =>
        line.amount === want.amount &&
        (want.bookingDate === undefined || line.bookingDate === want.bookingDate) &&
        (want.valueDate === undefined || line.valueDate === undefined || line.valueDate === want.valueDate),
    );
    if (at >= 0) {
      matched += 1;
      remaining.splice(at, 1);
    }
  }
  return matched;
}

/** CODA trailer (record 9) debit and credit totals, in cents, against the parsed lines. */
export function codaTrailerAgrees(path: string, parsed: ParsedStatementFile): boolean {
  const trailer = readFileSync(path, 'latin1')
    .split(/\r?\n/)
    .find((line) => line.startsWith('9'));
  if (!trailer) return false;
  const mills = (from: number) => Number(trailer.slice(from - 1, from + 14));
  const lines = parsed.statements.flatMap((s) => s.lines);
  const debit = lines.filter((l) => l.amount < 0).reduce((sum, l) => sum - l.amount, 0);
  const credit = lines.filter((l) => l.amount > 0).reduce((sum, l) => sum + l.amount, 0);
  return Math.round(mills(23) / 10) === debit && Math.round(mills(38) / 10) === credit;
}

interface Tally {
  files: number;
  statementFiles: number;
  parsed: number;
  statementFilesParsed: number;
  statements: number;
  balanceOk: number;
  balanceMismatch: number;
  balanceUnchecked: number;
  expectedLines: number;
  matchedLines: number;
  extra: number;
}

/** Figures per corpus: files parsed, balance checks, lines agreeing with the expectation. */
export async function statementCorpusFigures(): Promise<Figure[]> {
  if (!existsSync(corporaDir)) {
    process.stdout.write(`bank-statements: ${corporaDir} is absent; there is nothing to measure.\n`);
    return [{ name: 'statement corpora present', value: 0, unit: 'corpora' }];
  }
  const tallies = new Map<string, Tally>();
  const failures: string[] = [];
  for (const file of corpusFiles()) {
    const tally =
      tallies.get(file.corpus) ??
      ({
        files: 0,
        statementFiles: 0,
        parsed: 0,
        statementFilesParsed: 0,
        statements: 0,
        balanceOk: 0,
        balanceMismatch: 0,
        balanceUnchecked: 0,
        expectedLines: 0,
        matchedLines: 0,
        extra: 0,
      } satisfies Tally);
    tallies.set(file.corpus, tally);
    tally.files += 1;
    if (file.isStatement) tally.statementFiles += 1;
    let parsed: ParsedStatementFile;
    try {
      parsed = parseStatementFile(new Uint8Array(readFileSync(file.path)), basename(file.path));
    } catch (error) {
      if (file.isStatement) failures.push(`${relative(corporaDir, file.path)}: ${(error as Error).message}`);
      continue;
    }
    tally.parsed += 1;
    if (file.isStatement) tally.statementFilesParsed += 1;
    const statements: readonly BankStatement[] = parsed.statements;
    tally.statements += statements.length;
    for (const statement of statements) {
      if (statement.balanceCheck.unchecked) tally.balanceUnchecked += 1;
      else if (statement.balanceCheck.ok) tally.balanceOk += 1;
      else tally.balanceMismatch += 1;
    }
    if (file.expected) {
      tally.expectedLines += file.expected.length;
      const matched = matchingLines(parsed, file.expected);
      tally.matchedLines += matched;
      const ours = statements.reduce((n, s) => n + s.lines.length, 0);
      if (matched < file.expected.length) {
        failures.push(
          `${relative(corporaDir, file.path)}: ${matched}/${file.expected.length} expected lines matched, ${ours} read`,
        );
      }
    }
    if (file.corpus === 'coda-be-samples') {
      tally.expectedLines += 1;
      if (codaTrailerAgrees(file.path, parsed)) tally.matchedLines += 1;
      else failures.push(`${relative(corporaDir, file.path)}: trailer totals differ from the lines read`);
    }
  }
  if (failures.length > 0) process.stdout.write(`bank-statements: differences\n  ${failures.join('\n  ')}\n`);
  return [...tallies.entries()].flatMap(([corpus, t]): Figure[] => [
    { name: `${corpus} files`, value: t.files, unit: 'files' },
    {
      name: `${corpus} whole statements parsed`,
      value: t.statementFilesParsed / Math.max(1, t.statementFiles),
      unit: 'ratio',
      target: '== 1',
    },
    { name: `${corpus} whole statement files`, value: t.statementFiles, unit: 'files' },
    { name: `${corpus} files parsed (snippets included)`, value: t.parsed, unit: 'files' },
    { name: `${corpus} statements read`, value: t.statements, unit: 'statements' },
    { name: `${corpus} balance ok`, value: t.balanceOk, unit: 'statements' },
    { name: `${corpus} balance mismatch (reported)`, value: t.balanceMismatch, unit: 'statements' },
    { name: `${corpus} balance unchecked (no balances)`, value: t.balanceUnchecked, unit: 'statements' },
    {
      name: corpus === 'coda-be-samples' ? `${corpus} trailer totals agree` : `${corpus} expected lines matched`,
      value: t.expectedLines === 0 ? 0 : t.matchedLines / t.expectedLines,
      unit: 'ratio',
    },
  ]);
}

/** The shape `tests/eval/run.ts` loads suites by. */
export const run = statementCorpusFigures;
