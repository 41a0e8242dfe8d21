import { addDays } from '#packages/invoicing';
import {
  type Cents,
  createBelgianStructuredReference,
  createCreditorReference,
  createDutchPaymentReference,
} from '#packages/kernel';

/**
 * What the sandbox bank knows: accounts with their movements. Scripted, so tests and the demo
 * can say exactly what the feed should find.
 */

export interface SandboxTransaction {
  /** The bank's id (`transactionId`); generated when absent. */
  readonly transactionId?: string;
  /** `YYYY-MM-DD`. */
  readonly bookingDate: string;
  readonly valueDate?: string;
  /** Signed cents: positive is money in. */
  readonly amount: Cents;
  readonly counterpartyName?: string;
  readonly counterpartyIban?: string;
  readonly counterpartyBic?: string;
  /** One line of text, or several (sent as `remittanceInformationUnstructuredArray`). */
  readonly remittance?: string | readonly string[];
  /** Betalingskenmerk, `+++…+++` communication or RF reference. */
  readonly structuredReference?: string;
  readonly endToEndId?: string;
  /** ISO bank transaction code, e.g. `PMNT-RCDT-ESCT`. */
  readonly bankTransactionCode?: string;
  /** @default 'booked' */
  readonly status?: 'booked' | 'pending';
}

export interface SandboxAccount {
  readonly resourceId: string;
  readonly iban: string;
  readonly currency: string;
  readonly name: string;
  readonly ownerName: string;
  readonly product?: string;
  /** The bank's own BIC, shown as the agent of the account holder's side. */
  readonly bic?: string;
  /** Balance before the first movement listed. */
  readonly openingBalance: Cents;
  /**
   * Which ids the bank sends with a movement: `entry` (both `entryReference` and `transactionId`),
   * `transaction` (only `transactionId`), `none` (neither, as some banks do).
   * @default 'entry'
   */
  readonly references?: 'entry' | 'transaction' | 'none';
  /**
   * How a structured reference travels: a plain string (NextGenPSD2 up to 1.3.8) or an object
   * `{ reference, referenceType }` (1.3.9 onwards). @default 'string'
   */
  readonly structuredAs?: 'string' | 'object';
  readonly transactions: SandboxTransaction[];
}

export interface SandboxScenario {
  readonly bankName: string;
  readonly accounts: SandboxAccount[];
  /** Booked (and pending) lines per page of `/transactions`. @default 50 */
  pageSize?: number;
}

// ---------------------------------------------------------------------------------------------

/** An IBAN with its check digits, from country and BBAN. */
export function ibanOf(country: string, bban: string): string {
  const numeric = `${bban}${country}00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let remainder = 0;
  for (const ch of numeric) remainder = (remainder * 10 + Number(ch)) % 97;
  return `${country}${String(98 - remainder).padStart(2, '0')}${bban}`;
}

/** Belgian BBAN: 3-digit bank code, 7-digit account, 2 check digits (mod 97, 97 for 0). */
function belgianIban(bank: string, account: string): string {
  const base = `${bank}${account}`;
  const check = Number(BigInt(base) % 97n) || 97;
  return ibanOf('BE', `${base}${String(check).padStart(2, '0')}`);
}

/** A small deterministic PRNG (mulberry32), so the demo is the same on every start. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const shift = addDays;
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
const months = [
  'januari',
  'februari',
  'maart',
  'april',
  'mei',
  'juni',
  'juli',
  'augustus',
  'september',
  'oktober',
  'november',
  'december',
];
const monthsFr = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

/**
 * The demo bank: two Dutch accounts of Bakkerij Jansen B.V. (a current account whose bank sends
 * entry references and a second one whose bank sends no ids at all) and a Belgian current
 * account of Frituur Peeters BV, each with about 120 days of realistic movements up to
 * `today`: card settlements, rent, energy and telecom direct debits, supplier invoices, customer
 * payments, VAT to the Belastingdienst with a betalingskenmerk and to the FOD Financiën with a
 * `+++…+++` structured communication.
 */
export function demoScenario(today = new Date(), days = 120): SandboxScenario {
  const end = day(today);
  const start = shift(end, -days);
  const rnd = random(20_261_122);
  const between = (lo: number, hi: number) => Math.round(lo + rnd() * (hi - lo));
  const dates: string[] = [];
  for (let d = start; d <= end; d = shift(d, 1)) dates.push(d);
  const workdays = dates.filter((d) => weekday(d) !== 0 && weekday(d) !== 6);
  const monthStarts = dates.filter((d) => d.endsWith('-01') || d === start);
  const firstWorkdayFrom = (d: string) => workdays.find((w) => w >= d) ?? d;

  // ---- NL current account: Bakkerij Jansen B.V. at the sandbox bank (SNDB).
  const nl1: SandboxTransaction[] = [];
  const customers = [
    ['Restaurant De Gouden Leeuw', ibanOf('NL', 'RABO0300065264')],
    ['Hotel Het Binnenhof B.V.', ibanOf('NL', 'INGB0007654321')],
    ['Lunchroom Het Zonnetje', ibanOf('NL', 'ABNA0555123456')],
    ['Zorginstelling De Linde', ibanOf('NL', 'RABO0123987654')],
  ] as const;
  let invoiceNo = 80;
  for (const d of workdays) {
    if (weekday(d) === 2 || weekday(d) === 5) {
      nl1.push({
        bookingDate: d,
        valueDate: d,
        amount: between(95_000, 265_000),
        counterpartyName: 'CCV Payment Services B.V.',
        counterpartyIban: ibanOf('NL', 'INGB0006712290'),
        remittance: `Uitbetaling pinbetalingen ${d.slice(8, 10)}-${d.slice(5, 7)} terminal 90214573`,
        bankTransactionCode: 'PMNT-RCDT-ESCT',
      });
    }
    if (rnd() < 0.18) {
      const [name, iban] = customers[between(0, customers.length - 1)] ?? customers[0];
      nl1.push({
        bookingDate: d,
        valueDate: d,
        amount: between(18_000, 145_000),
        counterpartyName: name,
        counterpartyIban: iban,
        remittance: `Factuur VF-2026-${String(invoiceNo++).padStart(4, '0')}`,
        endToEndId: `E2E${d.replace(/-/g, '')}${invoiceNo}`,
        bankTransactionCode: 'PMNT-RCDT-ESCT',
      });
    }
    if (rnd() < 0.1) {
      nl1.push({
        bookingDate: d,
        valueDate: d,
        amount: -between(42_000, 210_000),
        counterpartyName: 'Meelfabriek De Hoop B.V.',
        counterpartyIban: ibanOf('NL', 'RABO0312456789'),
        remittance: `Factuur ${between(240_000, 249_999)} klantnr 10442`,
        bankTransactionCode: 'PMNT-ICDT-ESCT',
      });
    }
  }
  for (const m of monthStarts) {
    const month = months[Number(m.slice(5, 7)) - 1];
    const rentDay = firstWorkdayFrom(m);
    nl1.push({
      bookingDate: rentDay,
      valueDate: rentDay,
      amount: -215_000,
      counterpartyName: 'Vastgoed Beheer Utrecht B.V.',
      counterpartyIban: ibanOf('NL', 'ABNA0612345678'),
      remittance: `Huur bedrijfspand Oudegracht 112 ${month}`,
      bankTransactionCode: 'PMNT-ICDT-ESCT',
    });
    const ddDay = firstWorkdayFrom(shift(m, 21));
    if (ddDay <= end) {
      nl1.push({
        bookingDate: ddDay,
        valueDate: ddDay,
        amount: -8_995,
        counterpartyName: 'KPN B.V.',
        counterpartyIban: ibanOf('NL', 'ABNA0240011530'),
        remittance: [
          'Incasso zakelijk abonnement',
          `Factuur ${m.slice(0, 4)}${m.slice(5, 7)}-4471203 machtiging KPN-338712`,
        ],
        bankTransactionCode: 'PMNT-RDDT-ESDD',
      });
      nl1.push({
        bookingDate: ddDay,
        valueDate: ddDay,
        amount: -between(38_000, 52_000),
        counterpartyName: 'Eneco Zakelijk',
        counterpartyIban: ibanOf('NL', 'INGB0000091115'),
        remittance: `Termijnbedrag stroom en gas ${month} klantnummer 20445871`,
        bankTransactionCode: 'PMNT-RDDT-ESDD',
      });
    }
    const salaryDay = firstWorkdayFrom(shift(m, 24));
    if (salaryDay <= end) {
      for (const [name, bban, cents] of [
        ['S. de Vries', 'INGB0004567890', 248_512],
        ['M. Bakker', 'RABO0151234567', 231_077],
      ] as const) {
        nl1.push({
          bookingDate: salaryDay,
          valueDate: salaryDay,
          amount: -cents,
          counterpartyName: name,
          counterpartyIban: ibanOf('NL', bban),
          remittance: `Salaris ${month} ${m.slice(0, 4)}`,
          bankTransactionCode: 'PMNT-ICDT-ESCT',
        });
      }
    }
    const costDay = firstWorkdayFrom(m);
    nl1.push({
      bookingDate: costDay,
      valueDate: costDay,
      amount: -1_250,
      remittance: `Kosten zakelijk betalingsverkeer periode ${month}`,
      bankTransactionCode: 'ACMT-MDOP-CHRG',
    });
  }
  // The quarterly VAT return: paid with the Belastingdienst's betalingskenmerk.
  const vatDay =
    workdays.find((d) => d.slice(5, 7) === '10' && d.slice(8) >= '25') ?? workdays[Math.floor(workdays.length / 2)];
  if (vatDay) {
    nl1.push({
      bookingDate: vatDay,
      valueDate: vatDay,
      amount: -684_300,
      counterpartyName: 'Belastingdienst',
      counterpartyIban: 'NL86INGB0002445588',
      structuredReference: createDutchPaymentReference(826_130_412_330_021),
      bankTransactionCode: 'PMNT-ICDT-ESCT',
    });
  }

  // ---- NL second account: the same bakery's account at a bank that sends no ids.
  const nl2: SandboxTransaction[] = [];
  for (const d of workdays) {
    if (rnd() < 0.2) {
      // Two identical card payments on one day: only the occurrence count tells them apart.
      const twice = rnd() < 0.3;
      for (let i = 0; i < (twice ? 2 : 1); i++) {
        nl2.push({
          bookingDate: d,
          valueDate: d,
          amount: -1_845,
          counterpartyName: 'Shell Utrecht Waterlinieweg',
          remittance: `Betaalpas ${d.slice(8, 10)}-${d.slice(5, 7)} pas 012`,
          bankTransactionCode: 'PMNT-CCRD-POSD',
        });
      }
    }
    if (rnd() < 0.06) {
      nl2.push({
        bookingDate: d,
        valueDate: d,
        amount: -between(6_000, 48_000),
        counterpartyName: 'Sligro Food Group Nederland B.V.',
        counterpartyIban: ibanOf('NL', 'ABNA0539251244'),
        structuredReference: createCreditorReference(`SLG${between(100_000, 999_999)}`),
        remittance: 'Factuur Sligro',
        bankTransactionCode: 'PMNT-ICDT-ESCT',
      });
    }
  }

  // ---- BE current account: Frituur Peeters BV.
  const be: SandboxTransaction[] = [];
  let ogm = 2026_00100;
  for (const d of workdays) {
    if (rnd() < 0.22) {
      const customer = [
        ['Brasserie Den Hoek', belgianIban('001', '2345678')],
        ['Jeugdhuis De Kelder vzw', belgianIban('734', '0123456')],
        ['Traiteur Lemmens', belgianIban('068', '9876543')],
      ][between(0, 2)] ?? ['Brasserie Den Hoek', belgianIban('001', '2345678')];
      be.push({
        bookingDate: d,
        valueDate: d,
        amount: between(9_500, 86_000),
        counterpartyName: customer[0],
        counterpartyIban: customer[1],
        structuredReference: createBelgianStructuredReference(ogm++),
        bankTransactionCode: 'PMNT-RCDT-ESCT',
      });
    }
    if (weekday(d) === 1) {
      be.push({
        bookingDate: d,
        valueDate: d,
        amount: between(120_000, 310_000),
        counterpartyName: 'Worldline SA/NV',
        counterpartyIban: belgianIban('310', '1800223'),
        remittance: `Bancontact settlement ${d} terminal 0457112`,
        bankTransactionCode: 'PMNT-RCDT-ESCT',
      });
    }
    if (rnd() < 0.08) {
      be.push({
        bookingDate: d,
        valueDate: d,
        amount: -between(15_000, 95_000),
        counterpartyName: 'Colruyt Group Services NV',
        counterpartyIban: belgianIban('210', '0123459'),
        structuredReference: createBelgianStructuredReference(between(1_000_000, 9_999_999)),
        bankTransactionCode: 'PMNT-ICDT-ESCT',
      });
    }
  }
  for (const m of monthStarts) {
    const month = months[Number(m.slice(5, 7)) - 1];
    const first = firstWorkdayFrom(m);
    be.push({
      bookingDate: first,
      valueDate: first,
      amount: -165_000,
      counterpartyName: 'Immo Verhulst',
      counterpartyIban: belgianIban('063', '5524178'),
      remittance: `Huur handelspand Meir 21 ${month}`,
      bankTransactionCode: 'PMNT-ICDT-ESCT',
    });
    const dd = firstWorkdayFrom(shift(m, 14));
    if (dd <= end) {
      be.push({
        bookingDate: dd,
        valueDate: dd,
        amount: -7_450,
        counterpartyName: 'Proximus NV',
        counterpartyIban: belgianIban('679', '2005502'),
        remittance: `Domiciliëring Proximus factuur ${m.slice(0, 4)}${m.slice(5, 7)}01884 / domiciliation ${monthsFr[Number(m.slice(5, 7)) - 1]}`,
        bankTransactionCode: 'PMNT-RDDT-ESDD',
      });
      be.push({
        bookingDate: dd,
        valueDate: dd,
        amount: -between(41_000, 58_000),
        counterpartyName: 'Engie Electrabel',
        counterpartyIban: belgianIban('210', '0900800'),
        remittance: `Domiciliëring voorschotfactuur energie ${month} klant 5002217743`,
        bankTransactionCode: 'PMNT-RDDT-ESDD',
      });
    }
    const rsz = firstWorkdayFrom(shift(m, 4));
    if (rsz <= end) {
      be.push({
        bookingDate: rsz,
        valueDate: rsz,
        amount: -between(180_000, 215_000),
        counterpartyName: 'RSZ - ONSS',
        counterpartyIban: belgianIban('679', '2003515'),
        structuredReference: createBelgianStructuredReference(Number(`41${m.slice(2, 4)}${m.slice(5, 7)}0201`)),
        bankTransactionCode: 'PMNT-ICDT-ESCT',
      });
    }
  }
  const vatBe = workdays.find((d) => d.slice(8) >= '18' && ['01', '04', '07', '10'].includes(d.slice(5, 7)));
  if (vatBe) {
    be.push({
      bookingDate: vatBe,
      valueDate: vatBe,
      amount: -432_118,
      counterpartyName: 'FOD Financiën - Btw',
      counterpartyIban: belgianIban('679', '2002561'),
      structuredReference: createBelgianStructuredReference(7_612_345_678),
      bankTransactionCode: 'PMNT-ICDT-ESCT',
    });
  }

  const byDate = (a: SandboxTransaction, b: SandboxTransaction) => a.bookingDate.localeCompare(b.bookingDate);
  return {
    bankName: 'Sandbox Bank',
    pageSize: 50,
    accounts: [
      {
        resourceId: 'acc-nl-jansen-1',
        iban: ibanOf('NL', 'SNDB0417164300'),
        currency: 'EUR',
        name: 'Zakelijke rekening',
        ownerName: 'Bakkerij Jansen B.V.',
        product: 'Zakelijk Betalen',
        bic: 'SNDBNL2A',
        openingBalance: 1_254_812,
        references: 'entry',
        structuredAs: 'string',
        transactions: nl1.sort(byDate),
      },
      {
        resourceId: 'acc-nl-jansen-2',
        iban: ibanOf('NL', 'SNDB0553120987'),
        currency: 'EUR',
        name: 'Rekening bedrijfsauto',
        ownerName: 'Bakkerij Jansen B.V.',
        bic: 'SNDBNL2A',
        openingBalance: 250_000,
        references: 'none',
        structuredAs: 'object',
        transactions: nl2.sort(byDate),
      },
      {
        resourceId: 'acc-be-peeters',
        iban: belgianIban('539', '0075470'),
        currency: 'EUR',
        name: 'Zichtrekening',
        ownerName: 'Frituur Peeters BV',
        product: 'Business Pro',
        bic: 'SNDBBEBB',
        openingBalance: 842_250,
        references: 'transaction',
        structuredAs: 'object',
        transactions: be.sort(byDate),
      },
    ],
  };
}
