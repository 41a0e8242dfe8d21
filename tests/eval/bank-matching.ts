import { composeIBAN } from 'ibantools';
import {
  type BankLine,
  type BankSuggestion,
  buildLoanSchedule,
  type CommonCounterparty,
  emptyHistory,
  type LoanPeriod,
  type LoanSchedule,
  learnFromBooking,
  type MatchingHistory,
  type MatchOpenItem,
  type MatchRelation,
  matchBankLines,
  type UnpaidDocument,
} from '#packages/bank/matching';
import {
  type Country,
  createBelgianStructuredReference,
  createDutchPaymentReference,
  formatBelgianStructuredReference,
  mulDivRound,
} from '#packages/kernel';
import type { Figure } from '../helpers/figures.ts';

/**
 * `npm run eval -- bank-matching`: how well the robot matches bank lines, on administrations
 * simulated with a seeded generator.
 *
 * Each administration (Dutch or Belgian, alternating) has customers and suppliers with NL/BE
 * names and IBANs, open sales invoices (numbered `F2026-0001…`, each with the structured
 * reference the invoicing package would print) and open purchase invoices (the suppliers' own
 * numbering, some with references), recurring counterparties (rent, energy, telecom, insurance,
 * software, lease, the tax office, bank fees) whose earlier bookings were learned month by month
 * through `learnFromBooking` (with ~3 % of them booked elsewhere, the accountant's noise), loans
 * (some with a schedule, some only learned from earlier splits), and unpaid receipts. An
 * administration is 0 to 11 months old, so some have little or no history.
 *
 * Then one month of bank lines is generated with the noise real statements carry, and each line
 * keeps the truth it was made from: references in the reference field, in the text, mangled or
 * absent; invoice numbers written in other ways; names upper-cased, without legal form, with
 * typos, or a private person paying from an unknown account; combined payments of 2-4 invoices;
 * partial payments; overpayments; bank costs deducted; early-payment discounts; recurring costs
 * with varying amounts; tax payments; loan instalments; card payments of receipts (the card text
 * naming the brand, or only a franchise name); card payments nobody has a document for; unknown
 * money in. The whole month is matched in one batch with `matchBankLines`.
 *
 * Scored: a suggestion is right when it books what the truth says: the same open items with
 * the same amounts and the same remainder (kind and amount), the same GL account, the same
 * loan split to the cent, the same document; a line with no explanation is right when the robot
 * finds none (ask the client / manual).
 */

const SEED = 20_260_406;
const ADMINISTRATIONS = 24;
const MONTH = '2026-04';
/** The share of learned bookings the accountant put on another account. */
const HISTORY_NOISE = 0.03;

/** ISO bank transaction codes (domain/family/sub-family) as camt.053 delivers them. */
const codes = {
  charges: 'ACMT/MDOP/CHRG',
  interest: 'ACMT/MCOP/INTR',
  card: 'PMNT/CCRD/POSD',
  directDebit: 'PMNT/RDDT/ESDD',
  transferOut: 'PMNT/ICDT/ESCT',
  transferIn: 'PMNT/RCDT/ESCT',
};

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
    /** A weighted choice among `[weight, value]` pairs. */
    weighted: <T>(options: readonly (readonly [number, T])[]): T => {
      const total = options.reduce((s, [w]) => s + w, 0);
      let x = next() * total;
      for (const [w, v] of options) {
        x -= w;
        if (x < 0) return v;
      }
      return options[options.length - 1]?.[1] as T;
    },
    shuffle: <T>(items: readonly T[]): T[] => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
      }
      return copy;
    },
  };
}
type Random = ReturnType<typeof random>;

// ---------------------------------------------------------------------------------------------
// Names, IBANs, amounts

const nlTrades = [
  'Bakkerij',
  'Installatiebedrijf',
  'Bouwbedrijf',
  'Transportbedrijf',
  'Kapsalon',
  'Drukkerij',
  'Adviesbureau',
  'Schildersbedrijf',
  'Autobedrijf',
  'Hoveniersbedrijf',
  'Restaurant',
  'Fietsenwinkel',
  'Loodgietersbedrijf',
  'Architectenbureau',
  'Groothandel',
];
const nlSurnames = [
  'Jansen',
  'de Vries',
  'van den Berg',
  'Bakker',
  'Visser',
  'Smit',
  'Meijer',
  'de Boer',
  'Mulder',
  'de Groot',
  'Bos',
  'Vos',
  'Peters',
  'Hendriks',
  'van Leeuwen',
  'Dekker',
  'Brouwer',
  'de Wit',
  'Dijkstra',
  'Smits',
];
const beTrades = [
  'Bakkerij',
  'Garage',
  'Schrijnwerkerij',
  'Brasserie',
  'Boekhoudkantoor',
  'Immo',
  'Dakwerken',
  'Elektro',
  'Transport',
  'Kapsalon',
  'Boulangerie',
  'Menuiserie',
  'Bureau',
];
const beSurnames = [
  'Peeters',
  'Janssens',
  'Maes',
  'Jacobs',
  'Mertens',
  'Willems',
  'Claes',
  'Goossens',
  'Wouters',
  'De Smet',
  'Dubois',
  'Lambert',
  'Dupont',
  'Martin',
  'Vermeulen',
  'Lemaire',
];
const nlForms = ['B.V.', 'BV', 'V.O.F.', '', 'Holding B.V.'];
const beForms = ['NV', 'BV', 'BVBA', 'SRL', 'SA', 'CommV', ''];
const initials = ['J.', 'M.', 'A.', 'P.', 'K.', 'S.', 'E.', 'L.'];

function iban(r: Random, country: Country): string {
  const bban =
    country === 'NL'
      ? `${r.pick(['ABNA', 'INGB', 'RABO', 'KNAB', 'SNSB', 'TRIO'])}0${String(r.int(0, 999_999_999)).padStart(9, '0')}`
      : (() => {
          const ten = `${r.pick(['001', '068', '363', '735', '091', '143'])}${String(r.int(0, 9_999_999)).padStart(7, '0')}`;
          const rest = Number(ten) % 97;
          return `${ten}${String(rest === 0 ? 97 : rest).padStart(2, '0')}`;
        })();
  const composed = composeIBAN({ countryCode: country, bban });
  if (!composed) throw new Error(`no IBAN for ${bban}`);
  return composed;
}

/** An invoice amount: log-uniform €25..€8000, a fifth of them a round net plus 21 % VAT. */
function invoiceAmount(r: Random): number {
  if (r.chance(0.2)) return mulDivRound(r.int(1, 60) * 5_000, 12_100, 10_000);
  return Math.round(Math.exp(Math.log(2_500) + r.next() * (Math.log(800_000) - Math.log(2_500))));
}

/** One typing error in a name: a swapped, dropped, doubled or replaced letter. */
function typo(r: Random, name: string): string {
  const positions = [...name].map((c, i) => (/[a-z]/i.test(c) ? i : -1)).filter((i) => i > 0 && i < name.length - 1);
  if (positions.length === 0) return name;
  const i = r.pick(positions);
  switch (r.int(0, 3)) {
    case 0:
      return name.slice(0, i) + (name[i + 1] ?? '') + (name[i] ?? '') + name.slice(i + 2);
    case 1:
      return name.slice(0, i) + name.slice(i + 1);
    case 2:
      return name.slice(0, i) + (name[i] ?? '') + name.slice(i);
    default:
      return name.slice(0, i) + r.pick([...'aeiounrst']) + name.slice(i + 1);
  }
}

/** How a bank prints the payer's name: as is, upper case, without its legal form, cut off, mistyped. */
function bankName(r: Random, name: string, typoRate: number): string {
  let out = name;
  if (r.chance(0.3)) out = out.replace(/\s+(B\.V\.|BV|V\.O\.F\.|NV|BVBA|SRL|SA|CommV|Holding B\.V\.)$/, '');
  else if (r.chance(0.2)) out = out.replace('B.V.', 'BV').replace('V.O.F.', 'VOF');
  if (r.chance(typoRate)) out = typo(r, out);
  if (r.chance(0.35)) out = out.toUpperCase();
  if (r.chance(0.1)) out = out.slice(0, 24);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The administration

interface Party {
  readonly relation: MatchRelation;
  readonly country: Country;
  readonly role: 'customer' | 'supplier';
  /** Supplier: how it numbers invoices; whether it prints a structured reference. */
  readonly numbering?: (n: number) => string;
  readonly givesReference?: boolean;
  /** Customers who invoice the same amount every time (subscriptions). */
  readonly fixedAmount?: number;
}

interface Habit {
  readonly label: string;
  readonly names: readonly string[];
  readonly iban?: string;
  readonly gl: string;
  readonly vat?: string;
  readonly words: readonly string[];
  /** Typical amount; monthly amounts vary by `spread` (0 = fixed). */
  readonly amount: number;
  readonly spread: number;
  readonly direction: 'out' | 'in';
  /** Months of history this administration has for it (0: new). */
  readonly learnedMonths: number;
}

interface Administration {
  readonly id: string;
  readonly country: Country;
  /** Months the administration has been booked in this system. */
  readonly age: number;
  readonly customers: Party[];
  readonly suppliers: Party[];
  readonly openItems: MatchOpenItem[];
  readonly habits: Habit[];
  readonly loans: LoanSchedule[];
  /** Loans the accountant never set up a schedule for: the truth the split is learned from. */
  readonly unscheduled: {
    lender: { iban: string; name: string };
    periods: LoanPeriod[];
    interest: string;
    principal: string;
  }[];
  readonly documents: UnpaidDocument[];
  history: MatchingHistory;
}

/** Counterparties most administrations share, with the account the firm books them on. */
function commonCounterparties(country: Country): CommonCounterparty[] {
  return country === 'NL'
    ? [
        {
          label: 'Belastingdienst (btw)',
          names: ['Belastingdienst'],
          ibans: ['NL86INGB0002445588'],
          words: ['omzetbelasting', 'btw'],
          glAccount: '1510',
        },
        {
          label: 'Belastingdienst (loonheffingen)',
          names: ['Belastingdienst'],
          ibans: ['NL86INGB0002445588'],
          words: ['loonheffingen', 'loonheffing'],
          glAccount: '1550',
        },
        { label: 'Eneco', names: ['Eneco'], glAccount: '4110', vatCode: 'NL-I21' },
        { label: 'Vattenfall', names: ['Vattenfall'], glAccount: '4110', vatCode: 'NL-I21' },
        { label: 'KPN', names: ['KPN'], glAccount: '4510', vatCode: 'NL-I21' },
        { label: 'Ziggo', names: ['Ziggo', 'VodafoneZiggo'], glAccount: '4510', vatCode: 'NL-I21' },
        { label: 'ING bank fees', names: ['ING Bank'], words: ['kosten'], glAccount: '4900' },
        { label: 'Rabobank bank fees', names: ['Rabobank'], words: ['kosten'], glAccount: '4900' },
      ]
    : [
        {
          label: 'FOD Financiën (btw)',
          names: ['FOD Financien', 'SPF Finances'],
          ibans: ['BE61679200229917'],
          words: ['btw', 'tva'],
          glAccount: '451800',
        },
        {
          label: 'FOD Financiën (bedrijfsvoorheffing)',
          names: ['FOD Financien', 'SPF Finances'],
          ibans: ['BE61679200229917'],
          words: ['bedrijfsvoorheffing', 'precompte'],
          glAccount: '453000',
        },
        { label: 'Engie', names: ['Engie Electrabel', 'Engie'], glAccount: '612000', vatCode: 'BE-I21-SERVICES' },
        { label: 'Luminus', names: ['Luminus'], glAccount: '612000', vatCode: 'BE-I21-SERVICES' },
        { label: 'Proximus', names: ['Proximus'], glAccount: '613200', vatCode: 'BE-I21-SERVICES' },
        { label: 'Telenet', names: ['Telenet'], glAccount: '613200', vatCode: 'BE-I21-SERVICES' },
        { label: 'KBC bank fees', names: ['KBC Bank'], words: ['kosten'], glAccount: '657000' },
        { label: 'Belfius bank fees', names: ['Belfius Bank'], words: ['kosten'], glAccount: '657000' },
      ];
}

/** The recurring counterparties of an administration and how it books them (its habits). */
function habitsOf(r: Random, country: Country, age: number): Habit[] {
  const months = () => Math.max(0, age - r.int(0, 2));
  const nl = country === 'NL';
  const landlord = nl
    ? `${r.pick(['Vastgoed', 'Beheer', 'Bedrijfspanden'])} ${r.pick(nlSurnames)} B.V.`
    : `${r.pick(['Immo', 'Patrimonium'])} ${r.pick(beSurnames)} NV`;
  const base: Omit<Habit, 'learnedMonths'>[] = nl
    ? [
        {
          label: 'rent',
          names: [landlord],
          iban: iban(r, 'NL'),
          gl: '4100',
          vat: 'NL-I21',
          words: ['huur', 'bedrijfsruimte'],
          amount: r.int(80_000, 350_000),
          spread: 0,
          direction: 'out',
        },
        {
          label: 'energy',
          names: [r.pick(['Eneco', 'Vattenfall'])],
          iban: iban(r, 'NL'),
          gl: '4110',
          vat: 'NL-I21',
          words: ['termijnbedrag', 'energie'],
          amount: r.int(15_000, 60_000),
          spread: 0.1,
          direction: 'out',
        },
        {
          label: 'telecom',
          names: [r.pick(['KPN B.V.', 'VodafoneZiggo'])],
          iban: iban(r, 'NL'),
          gl: '4510',
          vat: 'NL-I21',
          words: ['zakelijk', 'abonnement'],
          amount: r.int(4_000, 15_000),
          spread: 0.05,
          direction: 'out',
        },
        {
          label: 'insurance',
          names: [r.pick(['Achmea Schadeverzekeringen N.V.', 'Nationale-Nederlanden', 'Interpolis'])],
          iban: iban(r, 'NL'),
          gl: '4600',
          vat: 'NL-I0',
          words: ['premie', 'polis'],
          amount: r.int(5_000, 40_000),
          spread: 0,
          direction: 'out',
        },
        {
          label: 'software',
          names: [r.pick(['Exact Online', 'Microsoft Ireland Operations Ltd', 'Google Cloud', 'Adobe Systems'])],
          iban: iban(r, 'NL'),
          gl: '4530',
          vat: 'NL-I-RC21',
          words: ['licentie', 'subscription'],
          amount: r.int(1_500, 12_000),
          spread: 0,
          direction: 'out',
        },
        {
          label: 'lease',
          names: [r.pick(['LeasePlan Nederland N.V.', 'Athlon Car Lease', 'Arval B.V.'])],
          iban: iban(r, 'NL'),
          gl: '4440',
          vat: 'NL-I21',
          words: ['leasetermijn', 'contract'],
          amount: r.int(40_000, 90_000),
          spread: 0,
          direction: 'out',
        },
        {
          label: 'payroll tax',
          names: ['Belastingdienst'],
          iban: 'NL86INGB0002445588',
          gl: '1550',
          words: ['loonheffingen', 'aangifte'],
          amount: r.int(100_000, 900_000),
          spread: 0.15,
          direction: 'out',
        },
        {
          label: 'bank fees',
          names: [''],
          gl: '4900',
          words: ['kosten', 'zakelijk', 'betalingsverkeer'],
          amount: r.int(900, 3_500),
          spread: 0.3,
          direction: 'out',
        },
        {
          label: 'interest received',
          names: [''],
          gl: '9000',
          words: ['creditrente', 'rente'],
          amount: r.int(100, 2_000),
          spread: 0.3,
          direction: 'in',
        },
      ]
    : [
        {
          label: 'rent',
          names: [landlord],
          iban: iban(r, 'BE'),
          gl: '610000',
          vat: 'BE-I21-SERVICES',
          words: ['huur', 'kantoorruimte'],
          amount: r.int(80_000, 300_000),
          spread: 0,
          direction: 'out',
        },
        {
          label: 'energy',
          names: [r.pick(['Engie Electrabel', 'Luminus'])],
          iban: iban(r, 'BE'),
          gl: '612000',
          vat: 'BE-I21-SERVICES',
          words: ['voorschot', 'energie'],
          amount: r.int(15_000, 60_000),
          spread: 0.1,
          direction: 'out',
        },
        {
          label: 'telecom',
          names: [r.pick(['Proximus NV', 'Telenet BV'])],
          iban: iban(r, 'BE'),
          gl: '613200',
          vat: 'BE-I21-SERVICES',
          words: ['factuur', 'internet'],
          amount: r.int(4_000, 15_000),
          spread: 0.05,
          direction: 'out',
        },
        {
          label: 'insurance',
          names: [r.pick(['AG Insurance', 'Ethias', 'Baloise Belgium'])],
          iban: iban(r, 'BE'),
          gl: '616000',
          vat: 'BE-I0-SERVICES',
          words: ['premie', 'polis'],
          amount: r.int(5_000, 40_000),
          spread: 0,
          direction: 'out',
        },
        {
          label: 'social insurance',
          names: [r.pick(['Liantis', 'Acerta', 'Xerius'])],
          iban: iban(r, 'BE'),
          gl: '618000',
          words: ['sociale', 'bijdragen', 'kwartaal'],
          amount: r.int(80_000, 200_000),
          spread: 0,
          direction: 'out',
        },
        {
          label: 'lease',
          names: [r.pick(['Alphabet Belgium', 'Athlon Belgium', 'Arval Belgium'])],
          iban: iban(r, 'BE'),
          gl: '612500',
          vat: 'BE-I21-SERVICES',
          words: ['leasing', 'contract'],
          amount: r.int(40_000, 90_000),
          spread: 0,
          direction: 'out',
        },
        {
          label: 'withholding tax',
          names: ['FOD Financien'],
          iban: 'BE61679200229917',
          gl: '453000',
          words: ['bedrijfsvoorheffing', 'aangifte'],
          amount: r.int(100_000, 900_000),
          spread: 0.15,
          direction: 'out',
        },
        {
          label: 'bank fees',
          names: [''],
          gl: '657000',
          words: ['kosten', 'beheer', 'rekening'],
          amount: r.int(900, 3_500),
          spread: 0.3,
          direction: 'out',
        },
        {
          label: 'interest received',
          names: [''],
          gl: '751000',
          words: ['creditinteresten', 'interest'],
          amount: r.int(100, 2_000),
          spread: 0.3,
          direction: 'in',
        },
      ];
  return base.map((h) => ({ ...h, learnedMonths: months() }));
}

function salesReference(country: Country, year: number, n: number): string {
  return country === 'BE'
    ? createBelgianStructuredReference(`${String(year % 100).padStart(2, '0')}${String(n).padStart(8, '0')}`)
    : createDutchPaymentReference(`${year}${String(n).padStart(11, '0')}`);
}

const supplierNumberings: ((n: number) => string)[] = [
  (n) => `2026-${String(n).padStart(4, '0')}`,
  (n) => `INV-${String(n + 4_000).padStart(6, '0')}`,
  (n) => String(n + 10_000),
  (n) => `F26/${String(n).padStart(4, '0')}`,
  (n) => `VF${String(n + 200).padStart(5, '0')}`,
];

const brands: readonly { supplier: string; card: string; franchise: string }[] = [
  { supplier: 'Shell Nederland Verkoopmaatschappij B.V.', card: 'SHELL', franchise: 'TANKSTATION DE POLDER' },
  { supplier: 'Albert Heijn B.V.', card: 'ALBERT HEIJN', franchise: 'AH 1403' },
  { supplier: 'Gamma Nederland B.V.', card: 'GAMMA', franchise: 'BOUWMARKT WEST' },
  { supplier: 'Makro Nederland B.V.', card: 'MAKRO', franchise: 'MAKRO CASH CARRY' },
  { supplier: 'Jumbo Supermarkten B.V.', card: 'JUMBO', franchise: 'JMB 0711' },
  { supplier: 'Hornbach Bouwmarkt', card: 'HORNBACH', franchise: 'HB BOUWMARKT' },
  { supplier: 'Total Belgium NV', card: 'TOTAL', franchise: 'STATION E40' },
  { supplier: 'Colruyt Laagste Prijzen NV', card: 'COLRUYT', franchise: 'CLP 4521' },
  { supplier: 'Brico Belgium NV', card: 'BRICO', franchise: 'BRICOPLANIT' },
  { supplier: 'Coolblue B.V.', card: 'COOLBLUE', franchise: 'CB WEBWINKEL' },
];
const unknownMerchants = [
  'CAFE HET HOEKJE',
  'PARKEERGARAGE CENTRUM',
  'BLOEMENWINKEL ROOS',
  'SNACKBAR DE HOEK',
  'ACTION 1234',
  'KIOSK STATION',
];
const cities = ['AMSTERDAM', 'UTRECHT', 'ZAANDAM', 'GENT', 'ANTWERPEN', 'HASSELT', 'BREDA', 'LEUVEN'];

function monthDate(r: Random, month = MONTH, from = 1, to = 28): string {
  return `${month}-${String(r.int(from, to)).padStart(2, '0')}`;
}

function plusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function previousMonth(month: string, back: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 - back, 1));
  return d.toISOString().slice(0, 7);
}

function buildAdministration(r: Random, index: number): Administration {
  const country: Country = index % 2 === 0 ? 'NL' : 'BE';
  const age = r.weighted<number>([
    [1, 0],
    [1, 2],
    [3, r.int(3, 11)],
  ]);
  const trades = country === 'NL' ? nlTrades : beTrades;
  const surnames = country === 'NL' ? nlSurnames : beSurnames;
  const forms = country === 'NL' ? nlForms : beForms;
  const used = new Set<string>();
  const party = (role: 'customer' | 'supplier', n: number): Party => {
    let name = '';
    do name = `${r.pick(trades)} ${r.pick(surnames)} ${r.pick(forms)}`.trim();
    while (used.has(name));
    used.add(name);
    const partyCountry: Country = r.chance(0.85) ? country : country === 'NL' ? 'BE' : 'NL';
    const ibans = [iban(r, partyCountry), ...(r.chance(0.15) ? [iban(r, partyCountry)] : [])];
    return {
      relation: { id: `${role}-${index}-${n}`, name, ibans },
      country: partyCountry,
      role,
      ...(role === 'supplier'
        ? { numbering: r.pick(supplierNumberings), givesReference: r.chance(0.5) }
        : r.chance(0.15)
          ? { fixedAmount: invoiceAmount(r) }
          : {}),
    };
  };
  const customers = Array.from({ length: r.int(15, 35) }, (_, n) => party('customer', n));
  const suppliers = Array.from({ length: r.int(8, 20) }, (_, n) => party('supplier', n));
  const openItems: MatchOpenItem[] = [];
  let salesNumber = r.int(1, 400);
  for (const c of customers) {
    for (
      let k = r.weighted<number>([
        [2, 0],
        [4, 1],
        [3, 2],
        [2, 3],
        [1, 5],
      ]);
      k > 0;
      k--
    ) {
      salesNumber++;
      const amount = c.fixedAmount ?? invoiceAmount(r);
      const invoiceDate = monthDate(r, previousMonth(MONTH, r.int(0, 3)));
      openItems.push({
        id: `oi-${index}-s${salesNumber}`,
        side: 'receivable',
        relationId: c.relation.id,
        relationName: c.relation.name,
        invoiceNumber: `F2026-${String(salesNumber).padStart(4, '0')}`,
        kind: 'invoice',
        invoiceDate,
        dueDate: plusDays(invoiceDate, 30),
        amount,
        outstanding: amount,
        paymentReference: salesReference(country, 2026, salesNumber),
      });
    }
  }
  for (const s of suppliers) {
    let n = r.int(1, 300);
    for (let k = r.int(0, 3); k > 0; k--) {
      n += r.int(1, 30);
      const amount = invoiceAmount(r);
      const invoiceDate = monthDate(r, previousMonth(MONTH, r.int(0, 2)));
      openItems.push({
        id: `oi-${index}-p${s.relation.id}-${n}`,
        side: 'payable',
        relationId: s.relation.id,
        relationName: s.relation.name,
        invoiceNumber: s.numbering?.(n) ?? String(n),
        kind: 'invoice',
        invoiceDate,
        dueDate: invoiceDate,
        amount,
        outstanding: amount,
        ...(s.givesReference
          ? {
              paymentReference:
                s.country === 'BE'
                  ? createBelgianStructuredReference(r.int(1, 9_999_999_999))
                  : createDutchPaymentReference(r.int(1, 999_999_999_999)),
            }
          : {}),
      });
    }
  }
  const habits = habitsOf(r, country, age);
  // Loans: some with a schedule the accountant set up, some only learned from earlier splits.
  const loans: LoanSchedule[] = [];
  const unscheduled: Administration['unscheduled'] = [];
  const lenderIban = iban(r, country);
  const lenderName =
    country === 'NL'
      ? r.pick(['Rabobank', 'ING Bank N.V.', 'ABN AMRO Bank'])
      : r.pick(['KBC Bank', 'Belfius Bank', 'BNP Paribas Fortis']);
  const terms = () => ({
    principal: r.int(20, 300) * 100_000,
    annualRateBasisPoints: r.int(250, 750),
    periods: r.pick([36, 60, 84, 120]),
    firstDueDate: `${previousMonth(MONTH, r.int(2, 30))}-${r.pick(['01', '15', '28'])}`,
    method: r.pick(['annuity', 'linear'] as const),
  });
  if (r.chance(0.4)) {
    loans.push({
      id: `loan-${index}`,
      label: `${lenderName} lening`,
      counterpartyIbans: [lenderIban],
      counterpartyName: lenderName,
      principalAccount: country === 'NL' ? '0900' : '173000',
      interestAccount: country === 'NL' ? '9100' : '650000',
      periods: buildLoanSchedule(terms()),
    });
  } else if (r.chance(0.35) && age >= 2) {
    unscheduled.push({
      lender: { iban: iban(r, country), name: `${lenderName} Krediet` },
      periods: buildLoanSchedule({ ...terms(), method: 'annuity' }),
      interest: country === 'NL' ? '9100' : '650000',
      principal: country === 'NL' ? '0900' : '173000',
    });
  }
  // History: month by month, what the accountant booked.
  let history = emptyHistory();
  for (const h of habits) {
    for (let m = h.learnedMonths; m >= 1; m--) {
      const amount = Math.round(h.amount * (1 + (r.next() - 0.5) * h.spread));
      const bankLine = habitLine(r, h, amount, monthDate(r, previousMonth(MONTH, m)));
      const gl = r.chance(HISTORY_NOISE) ? (country === 'NL' ? '4990' : '613000') : h.gl;
      history = learnFromBooking(history, bankLine, { kind: 'gl-account', lines: [{ glAccount: gl, vatCode: h.vat }] });
    }
  }
  // The quarterly VAT payments of earlier quarters (January, October, July).
  // As far back as the administration's books go (the rent's history stands for that).
  const booksSince = habits.find((h) => h.label === 'rent')?.learnedMonths ?? 0;
  for (let m = booksSince; m >= 1; m--) {
    const month = previousMonth(MONTH, m);
    if (!['01', '04', '07', '10'].includes(month.slice(5))) continue;
    history = learnFromBooking(history, vatLine(r, country, monthDate(r, month)), {
      kind: 'gl-account',
      lines: [{ glAccount: r.chance(HISTORY_NOISE) ? (country === 'NL' ? '4990' : '613000') : vatAccount(country) }],
    });
  }
  for (const loan of unscheduled) {
    const due = loan.periods.filter((p) => p.dueDate < `${MONTH}-01`).slice(-Math.min(age, 6));
    for (const p of due) {
      history = learnFromBooking(
        history,
        {
          bookingDate: p.dueDate,
          amount: -p.payment,
          currency: 'EUR',
          counterpartyIban: loan.lender.iban,
          counterpartyName: loan.lender.name,
        },
        {
          kind: 'loan',
          interest: p.interest,
          principal: p.principal,
          interestAccount: loan.interest,
          principalAccount: loan.principal,
        },
      );
    }
  }
  return {
    id: `adm-${index}`,
    country,
    age,
    customers,
    suppliers,
    openItems,
    habits,
    loans,
    unscheduled,
    documents: [],
    history,
  };
}

const vatAccount = (country: Country) => (country === 'NL' ? '1510' : '451800');

/** A VAT payment to the Belastingdienst or FOD Financiën, with the words their forms print. */
function vatLine(r: Random, country: Country, date: string): BankLine {
  return {
    bookingDate: date,
    amount: -r.int(50_000, 2_000_000),
    currency: 'EUR',
    transactionCode: codes.transferOut,
    counterpartyName: country === 'NL' ? 'Belastingdienst' : 'FOD Financien',
    counterpartyIban: country === 'NL' ? 'NL86INGB0002445588' : 'BE61679200229917',
    remittance:
      country === 'NL'
        ? `${r.int(1, 9)}${r.int(100_000_000, 999_999_999)} omzetbelasting ${r.pick(['1e', '2e', '3e', '4e'])} kwartaal ${date.slice(0, 4)}`
        : `btw aangifte ${date.slice(0, 4)} ${r.pick(['T1', 'T2', 'T3', 'T4'])} ${r.int(100_000, 999_999)}`,
  };
}

function habitCode(h: Habit): string {
  if (h.label === 'bank fees') return codes.charges;
  if (h.label === 'interest received') return codes.interest;
  return ['energy', 'telecom', 'insurance', 'lease', 'software'].includes(h.label)
    ? codes.directDebit
    : codes.transferOut;
}

function habitLine(r: Random, h: Habit, amount: number, date: string): BankLine {
  const words = r.shuffle(h.words).slice(0, r.int(1, h.words.length)).join(' ');
  return {
    bookingDate: date,
    amount: h.direction === 'out' ? -amount : amount,
    currency: 'EUR',
    transactionCode: habitCode(h),
    ...(h.names[0] ? { counterpartyName: h.names[0] } : {}),
    ...(h.iban ? { counterpartyIban: h.iban } : {}),
    remittance: `${words} ${date.slice(0, 7)} ${r.int(100_000, 999_999)}`,
  };
}

// ---------------------------------------------------------------------------------------------
// The month's bank lines and their truth

type Truth =
  | {
      readonly kind: 'open-items';
      readonly allocations: ReadonlyMap<string, number>;
      readonly remainder?: { kind: string; amount: number };
    }
  | { readonly kind: 'gl-account'; readonly glAccount: string }
  | { readonly kind: 'loan'; readonly interest: number; readonly principal: number }
  | { readonly kind: 'document'; readonly documentId: string }
  | { readonly kind: 'none' };

interface Case {
  readonly scenario: string;
  readonly line: BankLine;
  readonly truth: Truth;
  /** Partial and combined payments: the state they leave must be right. */
  readonly tracked?: 'partial' | 'combined';
}

const settle = (items: readonly MatchOpenItem[]) => new Map(items.map((i) => [i.id, i.outstanding]));

function customerRemittance(
  r: Random,
  adm: Administration,
  items: readonly MatchOpenItem[],
  extra = '',
): Partial<BankLine> {
  const be = adm.country === 'BE';
  const withNumbers = () =>
    `${r.pick(['Factuur', 'fact.', 'Inv', 'factuurnr', 'Betaling factuur', ''])} ${items.map((i) => numberVariant(r, i.invoiceNumber)).join(r.pick([', ', ' + ', ' en ', ' ']))} ${extra}`.trim();
  const ref = (i: MatchOpenItem) => i.paymentReference ?? '';
  const how = r.weighted<string>(
    be
      ? [
          [items.length === 1 ? 55 : 15, 'field'],
          [15, 'text-ref'],
          [15, 'numbers'],
          [8, 'nothing'],
          [4, 'bad-ref'],
          [3, 'partial-ref'],
        ]
      : [
          [items.length === 1 ? 35 : 10, 'field'],
          [12, 'text-ref'],
          [35, 'numbers'],
          [12, 'nothing'],
          [3, 'bad-ref'],
          [3, 'partial-ref'],
        ],
  );
  switch (how) {
    case 'field':
      return items.length === 1
        ? {
            structuredReference: ref(items[0] as MatchOpenItem).replace(/\D/g, ''),
            ...(extra ? { remittance: extra } : {}),
          }
        : { remittance: withNumbers() };
    case 'text-ref':
      return {
        remittance: `${extra} ${items
          .map((i) =>
            be
              ? r.chance(0.7)
                ? ref(i)
                : (formatBelgianStructuredReference(ref(i)) ?? '').replace(/\+/g, '')
              : ref(i).replace(/(\d{4})(?=\d)/g, r.chance(0.5) ? '$1 ' : '$1'),
          )
          .join(' ')}`.trim(),
      };
    case 'numbers':
      return { remittance: withNumbers() };
    case 'bad-ref': {
      // A mistyped reference: one digit changed, so the check digits fail.
      const digits = ref(items[0] as MatchOpenItem).replace(/\D/g, '');
      const at = r.int(0, digits.length - 3);
      const wrong = `${digits.slice(0, at)}${(Number(digits[at]) + r.int(1, 8)) % 10}${digits.slice(at + 1)}`;
      return { structuredReference: wrong, ...(extra ? { remittance: extra } : {}) };
    }
    case 'partial-ref': {
      const digits = ref(items[0] as MatchOpenItem).replace(/\D/g, '');
      return { remittance: `${extra} ref ${digits.slice(0, digits.length - r.int(3, 6))}`.trim() };
    }
    default:
      return { remittance: `${r.pick(['Betaling', 'Overboeking', 'Zie factuur', 'Paiement', ''])} ${extra}`.trim() };
  }
}

function numberVariant(r: Random, invoiceNumber: string): string {
  switch (r.int(0, 4)) {
    case 0:
      return invoiceNumber.replace(/^F/, '');
    case 1:
      return invoiceNumber.replace(/-0+/, r.pick(['-', '/', ' ']));
    case 2:
      return invoiceNumber.replace(/[-/]/g, '');
    case 3:
      return invoiceNumber.toLowerCase();
    default:
      return invoiceNumber;
  }
}

function payer(r: Random, adm: Administration, party: Party): Partial<BankLine> {
  // Now and then someone pays from an account the administration does not know.
  if (r.chance(0.1)) {
    const person = r.chance(0.5);
    const surname =
      (adm.country === 'NL' ? nlSurnames : beSurnames).find((s) => party.relation.name.includes(s)) ?? 'Jansen';
    const otherIban = iban(r, party.country);
    if (r.chance(0.3)) {
      // Some of those accounts paid before, and the booking then taught the robot whose they are.
      adm.history = learnFromBooking(
        adm.history,
        { bookingDate: `${previousMonth(MONTH, 2)}-10`, amount: 1, currency: 'EUR', counterpartyIban: otherIban },
        { kind: 'open-items', relationId: party.relation.id },
      );
    }
    return {
      counterpartyIban: otherIban,
      counterpartyName: person ? `${r.pick(initials)} ${surname}` : bankName(r, party.relation.name, 0.3),
    };
  }
  return { counterpartyIban: r.pick(party.relation.ibans), counterpartyName: bankName(r, party.relation.name, 0.12) };
}

function monthLines(r: Random, adm: Administration): Case[] {
  const cases: Case[] = [];
  const taken = new Set<string>();
  const openOf = (p: Party) => adm.openItems.filter((i) => i.relationId === p.relation.id && !taken.has(i.id));
  const take = (items: readonly MatchOpenItem[]) => {
    for (const i of items) taken.add(i.id);
  };
  const date = () => monthDate(r);
  const customerWith = (n: number) => r.shuffle(adm.customers).find((c) => openOf(c).length >= n);
  const euros = (c: number) => (c / 100).toFixed(2);

  const customerPayments = r.int(25, 45);
  for (let k = 0; k < customerPayments; k++) {
    const kind = r.weighted<string>([
      [70, 'single'],
      [10, 'combined'],
      [8, 'partial'],
      [4, 'overpayment'],
      [4, 'bank-costs'],
      [4, 'discount'],
    ]);
    const customer = customerWith(kind === 'combined' ? 2 : 1);
    if (!customer) break;
    const open = r.shuffle(openOf(customer));
    if (kind === 'combined') {
      const items = open.slice(0, r.int(2, Math.min(4, open.length)));
      take(items);
      const amount = items.reduce((s, i) => s + i.outstanding, 0);
      cases.push({
        scenario: 'customer: combined payment',
        line: {
          bookingDate: date(),
          amount,
          currency: 'EUR',
          transactionCode: codes.transferIn,
          ...payer(r, adm, customer),
          ...customerRemittance(r, adm, items),
        },
        truth: { kind: 'open-items', allocations: settle(items) },
        tracked: 'combined',
      });
      continue;
    }
    const item = open[0] as MatchOpenItem;
    take([item]);
    const base = {
      bookingDate: date(),
      currency: 'EUR',
      transactionCode: codes.transferIn,
      ...payer(r, adm, customer),
    };
    switch (kind) {
      case 'partial': {
        const amount = Math.round(item.outstanding * (0.2 + r.next() * 0.6));
        cases.push({
          scenario: 'customer: partial payment',
          line: {
            ...base,
            amount,
            ...customerRemittance(r, adm, [item], r.pick(['deelbetaling', 'eerste termijn', 'voorschot', ''])),
          },
          truth: {
            kind: 'open-items',
            allocations: new Map([[item.id, amount]]),
            remainder: { kind: 'partial', amount: item.outstanding - amount },
          },
          tracked: 'partial',
        });
        break;
      }
      case 'overpayment': {
        const extra = r.int(100, 5_000);
        cases.push({
          scenario: 'customer: overpayment',
          line: { ...base, amount: item.outstanding + extra, ...customerRemittance(r, adm, [item]) },
          truth: { kind: 'open-items', allocations: settle([item]), remainder: { kind: 'overpayment', amount: extra } },
        });
        break;
      }
      case 'bank-costs': {
        const costs = r.pick([50, 75, 100, 150, 200, 250]);
        cases.push({
          scenario: 'customer: bank costs deducted',
          line: { ...base, amount: item.outstanding - costs, ...customerRemittance(r, adm, [item]) },
          truth: { kind: 'open-items', allocations: settle([item]), remainder: { kind: 'bank-costs', amount: costs } },
        });
        break;
      }
      case 'discount': {
        const bp = r.pick([100, 200]);
        const discount = mulDivRound(item.outstanding, bp, 10_000);
        cases.push({
          scenario: 'customer: early-payment discount',
          line: {
            ...base,
            amount: item.outstanding - discount,
            ...customerRemittance(r, adm, [item], r.chance(0.5) ? `${bp / 100}% korting` : ''),
          },
          truth: { kind: 'open-items', allocations: settle([item]), remainder: { kind: 'discount', amount: discount } },
        });
        break;
      }
      default:
        cases.push({
          scenario: 'customer: single invoice',
          line: { ...base, amount: item.outstanding, ...customerRemittance(r, adm, [item]) },
          truth: { kind: 'open-items', allocations: settle([item]) },
        });
    }
  }

  // We pay our suppliers: their invoice number or structured reference, to their IBAN.
  for (const supplier of r.shuffle(adm.suppliers)) {
    const open = openOf(supplier);
    if (open.length === 0 || r.chance(0.3)) continue;
    const items =
      open.length >= 2 && r.chance(0.2) ? open.slice(0, r.int(2, Math.min(3, open.length))) : [r.pick(open)];
    take(items);
    const amount = items.reduce((s, i) => s + i.outstanding, 0);
    const first = items[0] as MatchOpenItem;
    const useReference = items.length === 1 && first.paymentReference && r.chance(0.8);
    cases.push({
      scenario: items.length > 1 ? 'supplier: combined payment' : 'supplier: single invoice',
      line: {
        bookingDate: date(),
        amount: -amount,
        currency: 'EUR',
        transactionCode: codes.transferOut,
        counterpartyIban: r.pick(supplier.relation.ibans),
        counterpartyName: supplier.relation.name,
        ...(useReference
          ? { structuredReference: first.paymentReference?.replace(/\D/g, '') }
          : r.chance(0.93)
            ? {
                remittance:
                  `${r.pick(['Factuur', 'Fact', 'Invoice', ''])} ${items.map((i) => i.invoiceNumber).join(' ')}`.trim(),
              }
            : { remittance: r.pick(['betaling', 'zie factuur']) }),
      },
      truth: { kind: 'open-items', allocations: settle(items) },
      ...(items.length > 1 ? { tracked: 'combined' as const } : {}),
    });
  }

  // Recurring costs, taxes, bank fees and interest.
  for (const h of adm.habits) {
    if (h.label === 'interest received' && r.chance(0.6)) continue;
    const amount = Math.round(h.amount * (1 + (r.next() - 0.5) * h.spread));
    cases.push({
      scenario: `recurring: ${h.label}`,
      line: habitLine(r, h, amount, date()),
      truth: { kind: 'gl-account', glAccount: h.gl },
    });
  }
  // The quarter's VAT payment to the tax office.
  cases.push({
    scenario: 'tax office: VAT',
    line: vatLine(r, adm.country, date()),
    truth: { kind: 'gl-account', glAccount: vatAccount(adm.country) },
  });

  // Loan instalments.
  for (const loan of adm.loans) {
    const period = loan.periods.find((p) => p.dueDate.startsWith(MONTH));
    if (!period) continue;
    const booked = new Date(Date.parse(`${period.dueDate}T00:00:00Z`) + r.int(-2, 3) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    cases.push({
      scenario: 'loan: scheduled',
      line: {
        bookingDate: booked,
        amount: -period.payment,
        currency: 'EUR',
        transactionCode: codes.directDebit,
        counterpartyIban: loan.counterpartyIbans?.[0],
        counterpartyName: loan.counterpartyName,
        remittance: `aflossing en rente lening ${r.int(10_000, 99_999)}`,
      },
      truth: { kind: 'loan', interest: period.interest, principal: period.principal },
    });
  }
  for (const loan of adm.unscheduled) {
    const period = loan.periods.find((p) => p.dueDate.startsWith(MONTH));
    if (!period) continue;
    cases.push({
      scenario: 'loan: learned',
      line: {
        bookingDate: period.dueDate,
        amount: -period.payment,
        currency: 'EUR',
        transactionCode: codes.directDebit,
        counterpartyIban: loan.lender.iban,
        counterpartyName: loan.lender.name,
        remittance: 'termijn lening',
      },
      truth: { kind: 'loan', interest: period.interest, principal: period.principal },
    });
  }

  // Card payments of receipts the client uploaded, plus a few receipts no line pays yet.
  const receipts = r.int(4, 14);
  for (let k = 0; k < receipts; k++) {
    const brand = r.pick(brands);
    const amount = Math.round(Math.exp(Math.log(300) + r.next() * (Math.log(40_000) - Math.log(300))));
    const bookingDate = monthDate(r, MONTH, 4, 28);
    const documentDate = new Date(Date.parse(`${bookingDate}T00:00:00Z`) - r.int(0, 3) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const id = `doc-${adm.id}-${k}`;
    adm.documents.push({ id, kind: 'receipt', amount, date: documentDate, supplierName: brand.supplier });
    const shop = r.chance(0.8) ? brand.card : brand.franchise;
    const name = `${r.pick(['', 'CCV*', 'SumUp *', 'Zettle_*'])}${shop} ${r.int(1, 9_999)} ${r.pick(cities)}`;
    cases.push({
      scenario: 'card: receipt',
      line: {
        bookingDate,
        amount: -amount,
        currency: 'EUR',
        transactionCode: codes.card,
        counterpartyName: name,
        remittance: `BEA, Betaalpas ${name},PAS${r.int(100, 999)} ${bookingDate}`,
      },
      truth: { kind: 'document', documentId: id },
    });
  }
  for (let k = r.int(0, 3); k > 0; k--) {
    adm.documents.push({
      id: `doc-${adm.id}-open-${k}`,
      kind: 'receipt',
      amount: r.int(300, 40_000),
      date: monthDate(r),
      supplierName: r.pick(brands).supplier,
    });
  }

  // Lines nothing explains: card payments nobody has a receipt for, unknown money in.
  for (let k = r.int(1, 5); k > 0; k--) {
    const name = `${r.pick(['', 'CCV*'])}${r.pick(unknownMerchants)} ${r.pick(cities)}`;
    const amount = r.int(150, 25_000);
    cases.push({
      scenario: 'no document: card payment',
      line: {
        bookingDate: date(),
        amount: -amount,
        currency: 'EUR',
        transactionCode: codes.card,
        counterpartyName: name,
        remittance: `BEA, Betaalpas ${name} ${euros(amount)}`,
      },
      truth: { kind: 'none' },
    });
  }
  if (r.chance(0.5)) {
    cases.push({
      scenario: 'no document: unknown money in',
      line: {
        bookingDate: date(),
        amount: r.int(1_000, 100_000),
        currency: 'EUR',
        transactionCode: codes.transferIn,
        counterpartyName: `${r.pick(initials)} ${r.pick(nlSurnames)}`,
        counterpartyIban: iban(r, adm.country),
        remittance: r.pick(['terugbetaling', 'lening', 'storting']),
      },
      truth: { kind: 'none' },
    });
  }
  return r.shuffle(cases);
}

// ---------------------------------------------------------------------------------------------
// Scoring

function isRight(s: BankSuggestion, truth: Truth): boolean {
  switch (truth.kind) {
    case 'none':
      return s.kind === 'none';
    case 'gl-account':
      return s.kind === 'gl-account' && s.glLines[0]?.glAccount === truth.glAccount;
    case 'document':
      return s.kind === 'document' && s.documentId === truth.documentId;
    case 'loan': {
      const interest = s.glLines.find((l) => l.role === 'interest');
      const principal = s.glLines.find((l) => l.role === 'principal');
      return s.kind === 'loan' && interest?.amount === -truth.interest && principal?.amount === -truth.principal;
    }
    case 'open-items': {
      if (s.kind !== 'open-items' || s.allocations.length !== truth.allocations.size) return false;
      if (!s.allocations.every((a) => truth.allocations.get(a.openItemId) === a.amount)) return false;
      const r = s.remainder;
      if (!truth.remainder) return r === undefined;
      if (!r || r.kind !== truth.remainder.kind) return false;
      const amount = r.kind === 'partial' ? r.leftOpen : r.amount;
      return amount === truth.remainder.amount;
    }
  }
}

interface Tally {
  lines: number;
  auto: number;
  autoRight: number;
  rest: number;
  restRight: number;
}
const tally = (): Tally => ({ lines: 0, auto: 0, autoRight: 0, rest: 0, restRight: 0 });
const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/**
 * Runs the simulation and returns the figures: auto-book rate and precision, top-1 accuracy
 * of what is only suggested, ask-client on lines nothing explains, and the state partial and
 * combined payments are left in.
 */
export async function matchingFigures(options: { seed?: number; administrations?: number } = {}): Promise<Figure[]> {
  const r = random(options.seed ?? SEED);
  const count = options.administrations ?? ADMINISTRATIONS;
  const started = performance.now();
  const all = tally();
  const explained = tally();
  const established = tally();
  const byScenario = new Map<string, Tally>();
  const tracked = { lines: 0, right: 0, auto: 0, autoRight: 0 };
  let nothing = 0;
  let nothingFound = 0;
  let askedWrongly = 0;
  const wrongAutoBooked: string[] = [];
  for (let a = 0; a < count; a++) {
    const adm = buildAdministration(r, a);
    const cases = monthLines(r, adm);
    const suggestions = matchBankLines(
      cases.map((c) => c.line),
      {
        openItems: adm.openItems,
        relations: [...adm.customers, ...adm.suppliers].map((p) => p.relation),
        history: adm.history,
        commonCounterparties: commonCounterparties(adm.country),
        loans: adm.loans,
        documents: adm.documents,
        settings: {
          bankCosts: { maxAmount: 250, glAccount: adm.country === 'NL' ? '4900' : '657000' },
        },
      },
    );
    cases.forEach((c, i) => {
      const s = suggestions[i] as BankSuggestion;
      const right = isRight(s, c.truth);
      const auto = s.decision === 'auto-book';
      const scenario = byScenario.get(c.scenario) ?? tally();
      byScenario.set(c.scenario, scenario);
      const groups = c.truth.kind === 'none' ? [all, scenario] : [all, explained, scenario];
      if (c.truth.kind !== 'none' && adm.age >= 3) groups.push(established);
      for (const t of groups) {
        t.lines++;
        if (auto) {
          t.auto++;
          if (right) t.autoRight++;
        } else {
          t.rest++;
          if (right) t.restRight++;
        }
      }
      if (auto && !right) {
        wrongAutoBooked.push(
          `${c.scenario}: ${s.explanation.summary} ${JSON.stringify({ line: c.line, truth: c.truth.kind === 'open-items' ? [...c.truth.allocations] : c.truth, got: s.allocations, evidence: s.explanation.evidence })}`,
        );
      }
      if (c.truth.kind === 'none') {
        nothing++;
        if (s.kind === 'none') nothingFound++;
      } else if (s.decision === 'ask-client') askedWrongly++;
      if (c.tracked) {
        tracked.lines++;
        if (right) tracked.right++;
        if (auto) {
          tracked.auto++;
          if (right) tracked.autoRight++;
        }
      }
    });
  }
  if (process.env.BANK_MATCHING_EVAL_DEBUG) {
    for (const w of wrongAutoBooked) process.stdout.write(`wrongly auto-booked: ${w}\n`);
  }
  const figures: Figure[] = [
    {
      name: 'auto-book rate (lines with an explanation)',
      value: ratio(explained.auto, explained.lines),
      unit: 'ratio',
      target: '>= 0.85',
    },
    { name: 'auto-book rate (all lines)', value: ratio(all.auto, all.lines), unit: 'ratio' },
    {
      name: 'auto-book rate (lines with an explanation, administrations with 3+ months of history)',
      value: ratio(established.auto, established.lines),
      unit: 'ratio',
    },
    {
      name: 'precision of auto-booked lines',
      value: ratio(all.autoRight, all.auto),
      unit: 'ratio',
      target: '>= 0.995',
    },
    {
      name: 'suggestion top-1 accuracy (lines not auto-booked, with an explanation)',
      value: ratio(explained.restRight, explained.rest),
      unit: 'ratio',
    },
    {
      name: 'overall top-1 accuracy (all lines)',
      value: ratio(all.autoRight + all.restRight, all.lines),
      unit: 'ratio',
    },
    {
      name: 'partial and combined payments auto-booked in a correct state',
      value: ratio(tracked.autoRight, tracked.auto),
      unit: 'ratio',
      target: '>= 1',
    },
    {
      name: 'partial and combined payments: suggestion leaves a correct state',
      value: ratio(tracked.right, tracked.lines),
      unit: 'ratio',
    },
    {
      name: 'partial and combined payments: auto-booked share',
      value: ratio(tracked.auto, tracked.lines),
      unit: 'ratio',
    },
    {
      name: 'lines nothing explains: no booking proposed (ask client / manual)',
      value: ratio(nothingFound, nothing),
      unit: 'ratio',
    },
    { name: 'explained lines sent to the client wrongly', value: askedWrongly, unit: 'lines' },
  ];
  for (const [scenario, t] of [...byScenario].sort((x, y) => x[0].localeCompare(y[0]))) {
    figures.push({ name: `${scenario}: auto-booked`, value: ratio(t.auto, t.lines), unit: `of ${t.lines}` });
    figures.push({
      name: `${scenario}: top-1 right`,
      value: ratio(t.autoRight + t.restRight, t.lines),
      unit: `of ${t.lines}`,
    });
  }
  figures.push(
    { name: 'bank lines matched', value: all.lines, unit: 'lines' },
    { name: 'administrations', value: count, unit: 'administrations' },
    { name: 'total time', value: (performance.now() - started) / 1000, unit: 's' },
  );
  return figures;
}

/** The suite entry `tests/eval/run.ts` calls. */
export async function run(): Promise<Figure[]> {
  return matchingFigures();
}
