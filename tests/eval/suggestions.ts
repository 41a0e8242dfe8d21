import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { composeIBAN } from 'ibantools';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#infra/local/aws-names.ts';
import { ensureTable, startDynamoDb } from '#infra/local/dynamodb.ts';
import { type Country, newId, type TenantContext, vatOf } from '#packages/kernel';
import { type BooksOf, setUpBooks } from '#packages/ledger';
import {
  acceptProposal,
  type BookingProposal,
  createProposal,
  editProposal,
  type ProposalsDeps,
  qualifiesForAutoAccept,
} from '#packages/proposals';
import type { RecognitionResult } from '#packages/recognition';
import { type Figure, percentile } from '../helpers/figures.ts';

/**
 * `npm run eval -- suggestions`: how well GL account and VAT code suggestions learn.
 *
 * Simulates a firm with three Dutch administrations and one Belgian one, ~30 suppliers each,
 * drawn from pools the administrations share. Every supplier has its habit: a GL account and
 * VAT code per kind of purchase (multi-line suppliers sell two or three kinds, each with its
 * own account and rate); an administration follows the firm's usual account for a supplier
 * most of the time and has its own now and then. Each supplier sends eight documents; every
 * one goes createProposal → edit to the true accounts → acceptProposal, and ~5 % of booked
 * lines go to another account (the accountant's noise). Documents 4..8 are measured before
 * they are corrected: top-1 GL account and VAT code per document line. Then a new Dutch
 * administration receives a first document from suppliers the firm knows elsewhere: the
 * cross-administration fallback's coverage and accuracy. That administration has its own
 * habits too (it follows the firm's usual account 85 % of the time), so no fallback can be
 * right every time; the best achievable, the habit most administrations that know the
 * supplier share, is printed beside it.
 */

const SEED = 20_260_302;
const SUPPLIERS_PER_ADMINISTRATION = 30;
const DOCUMENTS_PER_SUPPLIER = 8;
const TRAINING_DOCUMENTS = 3;
const NOISE = 0.05;
/** An administration books a supplier on the firm's usual account this often, else on its own. */
const FOLLOWS_FIRM = 0.85;
const NO_HANDS_THRESHOLD = 0.9;

/** mulberry32: a small seeded generator, so every run simulates the same firm. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    chance: (p: number) => next() < p,
  };
}
type Random = ReturnType<typeof random>;

interface Category {
  readonly gl: string;
  readonly vat: string;
  /** The rate the document prints (0 for reverse charge). */
  readonly rate: number;
  readonly words: readonly string[];
  /** Other accounts an administration may habitually use for it. */
  readonly alternatives: readonly string[];
}

const nlCategories: readonly Category[] = [
  {
    gl: '4100',
    vat: 'NL-I21',
    rate: 2100,
    words: ['huur', 'bedrijfsruimte', 'kantoorunit', 'servicekosten'],
    alternatives: ['4190'],
  },
  {
    gl: '4110',
    vat: 'NL-I21',
    rate: 2100,
    words: ['elektriciteit', 'stroom', 'gaslevering', 'netbeheer'],
    alternatives: ['4190'],
  },
  {
    gl: '4190',
    vat: 'NL-I21',
    rate: 2100,
    words: ['schoonmaak', 'glazenwasser', 'schoonmaakmiddel'],
    alternatives: ['4200'],
  },
  {
    gl: '4200',
    vat: 'NL-I21',
    rate: 2100,
    words: ['onderhoud', 'reparatie', 'storingsdienst'],
    alternatives: ['4190'],
  },
  {
    gl: '4300',
    vat: 'NL-I21',
    rate: 2100,
    words: ['advertentie', 'campagne', 'drukwerk', 'folders'],
    alternatives: ['4590'],
  },
  { gl: '4310', vat: 'NL-I9', rate: 900, words: ['lunch', 'diner', 'relatiegeschenk'], alternatives: ['4090'] },
  { gl: '4320', vat: 'NL-I9', rate: 900, words: ['treinkaartje', 'overnachting', 'hotel'], alternatives: ['4090'] },
  { gl: '4400', vat: 'NL-I21', rate: 2100, words: ['brandstof', 'diesel', 'tanken'], alternatives: ['4410'] },
  { gl: '4410', vat: 'NL-I21', rate: 2100, words: ['apk', 'banden', 'onderhoudsbeurt'], alternatives: ['4400'] },
  { gl: '4440', vat: 'NL-I21', rate: 2100, words: ['leasetermijn', 'leaseauto'], alternatives: ['4410'] },
  { gl: '4500', vat: 'NL-I21', rate: 2100, words: ['papier', 'pennen', 'toner', 'ordners'], alternatives: ['4590'] },
  {
    gl: '4510',
    vat: 'NL-I21',
    rate: 2100,
    words: ['abonnement', 'mobiel', 'glasvezel', 'telefonie'],
    alternatives: ['4590'],
  },
  { gl: '4520', vat: 'NL-I21', rate: 2100, words: ['contributie', 'lidmaatschap', 'vakblad'], alternatives: ['4590'] },
  {
    gl: '4530',
    vat: 'NL-I21',
    rate: 2100,
    words: ['licentie', 'software', 'hosting', 'cloudopslag'],
    alternatives: ['4590'],
  },
  { gl: '4600', vat: 'NL-I0', rate: 0, words: ['premie', 'verzekering', 'aansprakelijkheid'], alternatives: ['4590'] },
  { gl: '4700', vat: 'NL-I21', rate: 2100, words: ['advies', 'juridisch', 'consultancy'], alternatives: ['4590'] },
  { gl: '4900', vat: 'NL-I0', rate: 0, words: ['bankkosten', 'transactiekosten'], alternatives: ['4590'] },
  {
    gl: '7000',
    vat: 'NL-I21',
    rate: 2100,
    words: ['handelsgoederen', 'artikelen', 'voorraadaanvulling'],
    alternatives: ['7100'],
  },
  { gl: '7000', vat: 'NL-I9', rate: 900, words: ['koffiebonen', 'thee', 'suiker', 'melk'], alternatives: ['4090'] },
  {
    gl: '7100',
    vat: 'NL-I21',
    rate: 2100,
    words: ['grondstoffen', 'hout', 'staal', 'schroeven'],
    alternatives: ['7000'],
  },
  { gl: '7200', vat: 'NL-I-RC21', rate: 0, words: ['onderaanneming', 'montage', 'uitbesteed'], alternatives: ['4050'] },
  { gl: '4050', vat: 'NL-I21', rate: 2100, words: ['inhuur', 'freelance', 'detachering'], alternatives: ['7200'] },
];

const beCategories: readonly Category[] = [
  {
    gl: '610000',
    vat: 'BE-I21-SERVICES',
    rate: 2100,
    words: ['huur', 'kantoorruimte', 'loyer'],
    alternatives: ['611000'],
  },
  {
    gl: '611000',
    vat: 'BE-I21-SERVICES',
    rate: 2100,
    words: ['onderhoud', 'herstelling', 'entretien'],
    alternatives: ['610000'],
  },
  {
    gl: '612000',
    vat: 'BE-I21-SERVICES',
    rate: 2100,
    words: ['elektriciteit', 'water', 'electricite'],
    alternatives: ['611000'],
  },
  {
    gl: '613000',
    vat: 'BE-I21-SERVICES',
    rate: 2100,
    words: ['ereloon', 'honoraires', 'boekhouding'],
    alternatives: ['613300'],
  },
  {
    gl: '613100',
    vat: 'BE-I21-SERVICES',
    rate: 2100,
    words: ['papier', 'kantoorbenodigdheden', 'fournitures'],
    alternatives: ['613300'],
  },
  {
    gl: '613200',
    vat: 'BE-I21-SERVICES',
    rate: 2100,
    words: ['gsm', 'internet', 'telefonie'],
    alternatives: ['613300'],
  },
  {
    gl: '613300',
    vat: 'BE-I21-SERVICES',
    rate: 2100,
    words: ['software', 'licentie', 'abonnement'],
    alternatives: ['613200'],
  },
  {
    gl: '614000',
    vat: 'BE-I21-SERVICES',
    rate: 2100,
    words: ['publiciteit', 'reclame', 'publicite'],
    alternatives: ['613000'],
  },
  {
    gl: '615000',
    vat: 'BE-I6-SERVICES',
    rate: 600,
    words: ['treinticket', 'vervoer', 'transport'],
    alternatives: ['613000'],
  },
  {
    gl: '616000',
    vat: 'BE-I0-SERVICES',
    rate: 0,
    words: ['verzekering', 'polis', 'assurance'],
    alternatives: ['613000'],
  },
  {
    gl: '604000',
    vat: 'BE-I21-GOODS',
    rate: 2100,
    words: ['handelsgoederen', 'marchandises', 'artikelen'],
    alternatives: ['600000'],
  },
  { gl: '604000', vat: 'BE-I6-GOODS', rate: 600, words: ['voeding', 'brood', 'koffie'], alternatives: ['600000'] },
  {
    gl: '600000',
    vat: 'BE-I21-GOODS',
    rate: 2100,
    words: ['grondstoffen', 'hout', 'matieres'],
    alternatives: ['604000'],
  },
  {
    gl: '657000',
    vat: 'BE-I0-SERVICES',
    rate: 0,
    words: ['bankkosten', 'frais', 'bancaires'],
    alternatives: ['613000'],
  },
];

const fillers = ['levering', 'periode', 'order', 'week', 'maand', 'project', 'regio', 'extra'];
const months = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus'];

interface Supplier {
  readonly name: string;
  readonly vatNumber: string;
  readonly iban: string;
  /** One category for most; two or three for multi-line suppliers. */
  readonly categories: readonly Category[];
}

function dutchVatNumber(r: Random): string {
  for (;;) {
    const base = `${r.int(1, 9)}${String(r.int(0, 9_999_999)).padStart(7, '0')}`;
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += Number(base[i]) * (9 - i);
    if (sum % 11 <= 9) return `NL${base}${sum % 11}B01`;
  }
}

function belgianVatNumber(r: Random): string {
  const base = `0${r.int(2, 9)}${String(r.int(0, 999_999)).padStart(6, '0')}`;
  return `BE${base}${String(97 - (Number(base) % 97)).padStart(2, '0')}`;
}

function iban(r: Random, country: Country): string {
  const bban =
    country === 'NL'
      ? `${r.pick(['ABNA', 'INGB', 'RABO', 'KNAB'])}0${String(r.int(0, 999_999_999)).padStart(9, '0')}`
      : (() => {
          const ten = `${r.pick(['001', '068', '363', '735'])}${String(r.int(0, 9_999_999)).padStart(7, '0')}`;
          const rest = Number(ten) % 97;
          return `${ten}${String(rest === 0 ? 97 : rest).padStart(2, '0')}`;
        })();
  const composed = composeIBAN({ countryCode: country, bban });
  if (!composed) throw new Error(`no IBAN for ${bban}`);
  return composed;
}

function supplierPool(r: Random, country: Country, size: number): Supplier[] {
  const categories = country === 'NL' ? nlCategories : beCategories;
  return Array.from({ length: size }, (_, i) => {
    const multi = r.chance(0.2);
    const kinds = new Set<Category>([r.pick(categories)]);
    while (multi && kinds.size < r.int(2, 3)) kinds.add(r.pick(categories));
    return {
      name: `${country === 'NL' ? 'Leverancier' : 'Fournisseur'} ${i + 1} ${multi ? 'Groothandel' : 'Diensten'} ${country === 'NL' ? 'B.V.' : 'SRL'}`,
      vatNumber: country === 'NL' ? dutchVatNumber(r) : belgianVatNumber(r),
      iban: iban(r, country),
      categories: [...kinds],
    };
  });
}

/** The account and code an administration books a supplier's kind of purchase on. */
type Habit = { gl: string; vat: string };

interface DocumentLineTruth {
  readonly description: string;
  readonly net: number;
  readonly category: Category;
}

function documentLines(r: Random, supplier: Supplier, n: number): DocumentLineTruth[] {
  const count = supplier.categories.length > 1 ? r.int(2, 6) : 1;
  return Array.from({ length: count }, (_, i) => {
    const category =
      supplier.categories.length > 1 && i < supplier.categories.length
        ? supplier.categories[i]!
        : r.pick(supplier.categories);
    const word = r.pick(category.words);
    const description = `${word[0]!.toUpperCase()}${word.slice(1)} ${r.pick(fillers)} ${months[n % months.length]} ${r.int(100, 9999)}`;
    return { description, net: r.int(1_000, 200_000), category };
  });
}

function recognitionOf(
  supplier: Supplier,
  lines: readonly DocumentLineTruth[],
  number: string,
  date: string,
): RecognitionResult {
  const byRate = new Map<number, number>();
  for (const l of lines) byRate.set(l.category.rate, (byRate.get(l.category.rate) ?? 0) + l.net);
  const vatBreakdown = [...byRate].map(([rate, base]) => ({ rateBasisPoints: rate, base, vat: vatOf(base, rate) }));
  const net = vatBreakdown.reduce((s, b) => s + b.base, 0);
  const vat = vatBreakdown.reduce((s, b) => s + b.vat, 0);
  const f = <T>(value: T) => ({ value, confidence: 1 });
  return {
    source: 'ubl',
    documentType: f('invoice'),
    supplier: { name: f(supplier.name), vatNumber: f(supplier.vatNumber), iban: f(supplier.iban) },
    customer: {},
    invoiceNumber: f(number),
    invoiceDate: f(date),
    currency: f('EUR'),
    totals: { net: f(net), vat: f(vat), gross: f(net + vat) },
    vatBreakdown,
    lines: lines.map((l) => ({
      description: l.description,
      quantity: '1',
      unitPrice: l.net,
      net: l.net,
      vatRateBasisPoints: l.category.rate,
    })),
    issues: [],
  };
}

interface Tally {
  lines: number;
  gl: number;
  vat: number;
  both: number;
}
const tally = (): Tally => ({ lines: 0, gl: 0, vat: 0, both: 0 });

/** Scores a proposal's suggestion for each document line against the truth. */
function score(into: Tally, proposal: BookingProposal, truth: readonly Habit[]): void {
  truth.forEach((t, index) => {
    const line = proposal.lines.find((l) => l.sourceLineIndexes.includes(index));
    into.lines++;
    const gl = line?.glAccount === t.gl;
    const vat = line?.vatCode === t.vat;
    if (gl) into.gl++;
    if (vat) into.vat++;
    if (gl && vat) into.both++;
  });
}

/** Edits the proposal to what the accountant books (per document line) and accepts it. */
async function bookAs(
  deps: ProposalsDeps,
  tenant: TenantContext,
  adm: BooksOf,
  proposal: BookingProposal,
  booked: readonly Habit[],
): Promise<void> {
  const groups = new Map<string, { habit: Habit; indexes: number[]; net: number }>();
  booked.forEach((h, i) => {
    const key = `${h.gl}|${h.vat}`;
    const g = groups.get(key) ?? { habit: h, indexes: [], net: 0 };
    g.indexes.push(i);
    g.net += proposal.documentLines[i]?.net ?? 0;
    groups.set(key, g);
  });
  const lines = [...groups.values()].map((g) => ({
    description: proposal.documentLines[g.indexes[0] ?? 0]?.description ?? 'Regel',
    glAccount: g.habit.gl,
    vatCode: g.habit.vat,
    net: (g.net / 100).toFixed(2),
    sourceLineIndexes: g.indexes,
  }));
  const edited = await editProposal(deps, tenant, adm, proposal.id, { lines }, proposal.version);
  await acceptProposal(deps, tenant, adm, edited.id, edited.version);
}

interface Simulation {
  readonly deps: ProposalsDeps;
  readonly tenant: TenantContext;
  readonly createMs: number[];
}

/**
 * The account and code an administration books a supplier's kind of purchase on: the firm's
 * usual one (the category's) mostly, its own alternative now and then; fixed once chosen.
 */
function habitOf(r: Random, supplier: Supplier, category: Category, own: Map<string, Habit>): Habit {
  const key = `${supplier.vatNumber}|${supplier.categories.indexOf(category)}`;
  const known = own.get(key);
  if (known) return known;
  const habit = r.chance(FOLLOWS_FIRM)
    ? { gl: category.gl, vat: category.vat }
    : { gl: r.pick(category.alternatives), vat: category.vat };
  own.set(key, habit);
  return habit;
}

async function timedCreate(sim: Simulation, adm: BooksOf, recognition: RecognitionResult) {
  const t = performance.now();
  const { proposal } = await createProposal(sim.deps, sim.tenant, adm, {
    document: { id: newId(), source: 'peppol', fileName: 'invoice.xml', receivedAt: new Date().toISOString() },
    recognition,
    own: { ibans: [] },
    plan: 'samenwerken-uitgebreid',
  });
  sim.createMs.push(performance.now() - t);
  return proposal;
}

interface AdministrationResult {
  readonly measured: Tally;
  readonly multiLine: Tally;
  readonly byDocument: Map<number, Tally>;
  readonly noHands: { documents: number; qualified: number; right: number };
  readonly suppliers: Supplier[];
  /** The administration's habit per supplier and kind. */
  readonly habits: Map<string, Habit>;
}

async function simulateAdministration(
  sim: Simulation,
  r: Random,
  adm: BooksOf,
  suppliers: Supplier[],
): Promise<AdministrationResult> {
  const own = new Map<string, Habit>();
  const result: AdministrationResult = {
    measured: tally(),
    multiLine: tally(),
    byDocument: new Map(),
    noHands: { documents: 0, qualified: 0, right: 0 },
    suppliers,
    habits: own,
  };
  for (let n = 1; n <= DOCUMENTS_PER_SUPPLIER; n++) {
    for (const [s, supplier] of suppliers.entries()) {
      const lines = documentLines(r, supplier, n);
      const truth = lines.map((l) => habitOf(r, supplier, l.category, own));
      const date = `2026-${String(n).padStart(2, '0')}-${String(1 + (s % 27)).padStart(2, '0')}`;
      const proposal = await timedCreate(sim, adm, recognitionOf(supplier, lines, `${s + 1}-${n}`, date));
      if (n > TRAINING_DOCUMENTS) {
        score(result.measured, proposal, truth);
        if (supplier.categories.length > 1) score(result.multiLine, proposal, truth);
        const round = result.byDocument.get(n) ?? tally();
        score(round, proposal, truth);
        result.byDocument.set(n, round);
        result.noHands.documents++;
        if (qualifiesForAutoAccept(proposal, NO_HANDS_THRESHOLD)) {
          result.noHands.qualified++;
          const check = tally();
          score(check, proposal, truth);
          if (check.both === check.lines) result.noHands.right++;
        }
      }
      const booked = truth.map((t, i) =>
        r.chance(NOISE) ? { gl: r.pick(lines[i]?.category.alternatives ?? [t.gl]), vat: t.vat } : t,
      );
      await bookAs(sim.deps, sim.tenant, adm, proposal, booked);
    }
  }
  return result;
}

const ratio = (n: number, d: number) => (d === 0 ? 0 : n / d);

/**
 * What the best use of firm history could get right for one line of a new administration: 1
 * when the habit most administrations that know the supplier share is the new one's, a share
 * when several tie, 0 otherwise.
 */
function majorityHit(known: readonly AdministrationResult[], key: string, truth: Habit | undefined): number {
  const votes = new Map<string, number>();
  for (const adm of known) {
    const h = adm.habits.get(key);
    if (h) votes.set(`${h.gl}|${h.vat}`, (votes.get(`${h.gl}|${h.vat}`) ?? 0) + 1);
  }
  const most = Math.max(0, ...votes.values());
  const tied = [...votes].filter(([, n]) => n === most).map(([k]) => k);
  return truth && tied.includes(`${truth.gl}|${truth.vat}`) ? 1 / tied.length : 0;
}

export async function run(): Promise<Figure[]> {
  const dynamo = await startDynamoDb({ port: 0, dir: null });
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  const started = performance.now();
  try {
    await dynamo.ready(client);
    await ensureTable(client, 'suggestions-eval');
    const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    const deps: ProposalsDeps = { table: { doc, name: 'suggestions-eval' }, clock: () => new Date(), newId };
    const firmId = 'eval-firm';
    const tenant: TenantContext = { userId: 'eval-accountant', firmId, userType: 'firm' };
    const r = random(SEED);
    const sim: Simulation = { deps, tenant, createMs: [] };

    const nlPool = supplierPool(r, 'NL', 45);
    const bePool = supplierPool(r, 'BE', 30);
    const administrations: { adm: BooksOf; suppliers: Supplier[] }[] = [];
    for (let i = 0; i < 3; i++) {
      const shuffled = [...nlPool].sort(() => r.next() - 0.5);
      administrations.push({
        adm: { firmId, id: `eval-nl-${i + 1}`, country: 'NL' },
        suppliers: shuffled.slice(0, SUPPLIERS_PER_ADMINISTRATION),
      });
    }
    administrations.push({ adm: { firmId, id: 'eval-be-1', country: 'BE' }, suppliers: bePool });
    for (const { adm } of administrations) await setUpBooks(deps, tenant, adm);

    // Each administration draws from its own generator, so running them side by side stays reproducible.
    const results = await Promise.all(
      administrations.map(({ adm, suppliers }, i) => simulateAdministration(sim, random(SEED + i + 1), adm, suppliers)),
    );

    // A new Dutch administration: a first document from each supplier the firm booked elsewhere.
    const fresh: BooksOf = { firmId, id: 'eval-nl-new', country: 'NL' };
    await setUpBooks(deps, tenant, fresh);
    const seen = new Set(results.slice(0, 3).flatMap((x) => x.suppliers));
    const cross = tally();
    let fromFirm = 0;
    let ceiling = 0;
    const own = new Map<string, Habit>();
    const rf = random(SEED + 99);
    for (const [s, supplier] of [...seen].entries()) {
      const lines = documentLines(rf, supplier, 1);
      const truth = lines.map((l) => habitOf(rf, supplier, l.category, own));
      const proposal = await timedCreate(sim, fresh, recognitionOf(supplier, lines, `N-${s}`, '2026-09-01'));
      score(cross, proposal, truth);
      lines.forEach((l, i) => {
        ceiling += majorityHit(
          results.slice(0, 3),
          `${supplier.vatNumber}|${supplier.categories.indexOf(l.category)}`,
          truth[i],
        );
      });
      fromFirm +=
        proposal.lines.filter((l) => l.suggestedBy === 'firm-history').length / Math.max(1, proposal.lines.length);
    }

    const sum = (pick: (x: AdministrationResult) => Tally): Tally =>
      results
        .map(pick)
        .reduce(
          (a, t) => ({ lines: a.lines + t.lines, gl: a.gl + t.gl, vat: a.vat + t.vat, both: a.both + t.both }),
          tally(),
        );
    const measured = sum((x) => x.measured);
    const multi = sum((x) => x.multiLine);
    const round = (n: number) => sum((x) => x.byDocument.get(n) ?? tally());
    const noHands = results.reduce(
      (a, x) => ({
        documents: a.documents + x.noHands.documents,
        qualified: a.qualified + x.noHands.qualified,
        right: a.right + x.noHands.right,
      }),
      { documents: 0, qualified: 0, right: 0 },
    );
    const documents = results.reduce((s, x) => s + x.suppliers.length * DOCUMENTS_PER_SUPPLIER, 0) + seen.size;
    const createMs = [...sim.createMs].sort((a, b) => a - b);
    const nl = sum((x) => (x.suppliers[0]?.vatNumber.startsWith('NL') ? x.measured : tally()));
    const be = sum((x) => (x.suppliers[0]?.vatNumber.startsWith('BE') ? x.measured : tally()));

    return [
      {
        name: 'GL account top-1 accuracy, documents 4-8',
        value: ratio(measured.gl, measured.lines),
        unit: 'ratio',
        target: '>= 0.90',
      },
      {
        name: 'VAT code accuracy, documents 4-8',
        value: ratio(measured.vat, measured.lines),
        unit: 'ratio',
        target: '>= 0.95',
      },
      {
        name: 'GL account and VAT code both right, documents 4-8',
        value: ratio(measured.both, measured.lines),
        unit: 'ratio',
      },
      {
        name: 'GL accuracy, multi-line suppliers, documents 4-8',
        value: ratio(multi.gl, multi.lines),
        unit: 'ratio',
        target: '>= 0.85',
      },
      { name: 'GL accuracy, NL administrations', value: ratio(nl.gl, nl.lines), unit: 'ratio' },
      { name: 'GL accuracy, BE administration', value: ratio(be.gl, be.lines), unit: 'ratio' },
      { name: 'GL accuracy, 4th document', value: ratio(round(4).gl, round(4).lines), unit: 'ratio' },
      { name: 'GL accuracy, 8th document', value: ratio(round(8).gl, round(8).lines), unit: 'ratio' },
      { name: 'document lines measured', value: measured.lines, unit: 'lines' },
      {
        name: `no hands at ${NO_HANDS_THRESHOLD.toFixed(2)}: share of documents 4-8`,
        value: ratio(noHands.qualified, noHands.documents),
        unit: 'ratio',
      },
      {
        name: 'no hands: documents with every line right',
        value: ratio(noHands.right, noHands.qualified),
        unit: 'ratio',
        target: '>= 0.95',
      },
      {
        name: 'cross-administration: lines suggested from firm history',
        value: fromFirm / Math.max(1, seen.size),
        unit: 'ratio',
      },
      {
        name: 'cross-administration: GL accuracy, new administration',
        value: ratio(cross.gl, cross.lines),
        unit: 'ratio',
        target: '>= 0.70',
      },
      {
        name: 'cross-administration: best achievable from firm history',
        value: ratio(ceiling, cross.lines),
        unit: 'ratio',
      },
      { name: 'cross-administration: VAT code accuracy', value: ratio(cross.vat, cross.lines), unit: 'ratio' },
      { name: 'documents proposed', value: documents, unit: 'documents' },
      { name: 'createProposal latency (median)', value: percentile(createMs, 50), unit: 'ms' },
      { name: 'createProposal latency (p95)', value: percentile(createMs, 95), unit: 'ms' },
      { name: 'total time', value: (performance.now() - started) / 1000, unit: 's' },
    ];
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}
