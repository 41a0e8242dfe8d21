import {
  compactIdentifier,
  type FieldIssue,
  formatCents,
  isValidBelgianEnterpriseNumber,
  ValidationError,
} from '#packages/kernel';
import { nlReturnInWholeEuros, type VatReturn, vatReturnFields } from './compute.js';
import { el, type XmlElement, xmlDocument } from './xml.js';

/** Who files the return. */
export interface VatDeclarant {
  /**
   * NL: the omzetbelastingnummer the Belastingdienst files the return under (`123456789B01`,
   * an `NL` prefix is allowed); BE: the VAT (enterprise) number (`BE0403.170.701` or bare).
   */
  readonly vatNumber: string;
  readonly name: string;
  readonly street?: string;
  readonly postCode?: string;
  readonly city?: string;
  readonly email?: string;
  readonly phone?: string;
  /** NL: the person the Belastingdienst may ask about the return. */
  readonly contact?: {
    readonly initials: string;
    readonly prefix?: string;
    readonly surname: string;
    readonly phone?: string;
  };
}

/** A monthly or quarterly VAT period. */
export type VatPeriod =
  | { readonly year: number; readonly month: number }
  | { readonly year: number; readonly quarter: number };

export interface VatReturnExportInput {
  readonly vatReturn: VatReturn;
  readonly declarant: VatDeclarant;
  readonly period: VatPeriod;
  /** When the file is made: the NL creation time stamp and message reference. Pass the clock's now. */
  readonly createdAt: Date;
  /** NL: the software that made the return. */
  readonly software?: { readonly name: string; readonly version: string };
  /** BE: ask for a refund of a credit (grid 72). */
  readonly askRestitution?: boolean;
  /** BE: ask for payment forms. */
  readonly askPaymentForms?: boolean;
  /** BE: the last return of the year states that no client listing is due. */
  readonly clientListingNihil?: boolean;
  /** BE: the declarant's own reference for the declaration. */
  readonly reference?: string;
}

export interface VatReturnFile {
  readonly fileName: string;
  readonly mediaType: string;
  readonly content: string;
}

const defaultSoftware = { name: 'Samenwerken', version: '0.1.0' } as const;

interface PeriodFacts {
  readonly start: string;
  readonly end: string;
  /** `M01`…`M12` or `Q1`…`Q4`. */
  readonly label: string;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function periodFacts(period: VatPeriod, issues: FieldIssue[]): PeriodFacts | undefined {
  const { year } = period;
  if (!Number.isInteger(year) || year < 2000 || year > 2099) {
    issues.push({ path: 'period.year', message: 'A year between 2000 and 2099.' });
    return undefined;
  }
  let first: number;
  let last: number;
  let label: string;
  if ('month' in period) {
    if (!Number.isInteger(period.month) || period.month < 1 || period.month > 12) {
      issues.push({ path: 'period.month', message: 'A month from 1 to 12.' });
      return undefined;
    }
    first = period.month;
    last = period.month;
    label = `M${pad(period.month)}`;
  } else {
    if (!Number.isInteger(period.quarter) || period.quarter < 1 || period.quarter > 4) {
      issues.push({ path: 'period.quarter', message: 'A quarter from 1 to 4.' });
      return undefined;
    }
    first = period.quarter * 3 - 2;
    last = period.quarter * 3;
    label = `Q${period.quarter}`;
  }
  const lastDay = new Date(Date.UTC(year, last, 0)).getUTCDate();
  return { start: `${year}-${pad(first)}-01`, end: `${year}-${pad(last)}-${pad(lastDay)}`, label };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const controlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function checkText(issues: FieldIssue[], path: string, value: string | undefined, max: number, required = false) {
  if (value === undefined) {
    if (required) issues.push({ path, message: 'Required.' });
    return;
  }
  if (required && value.trim() === '') issues.push({ path, message: 'Required.' });
  if (value.length > max) issues.push({ path, message: `At most ${max} characters.` });
  if (controlCharacters.test(value)) issues.push({ path, message: 'Contains a control character.' });
}

function checkDeclarant(input: VatReturnExportInput, issues: FieldIssue[]): void {
  const d = input.declarant;
  checkText(issues, 'declarant.name', d.name, 200, true);
  checkText(issues, 'declarant.street', d.street, 100);
  checkText(issues, 'declarant.postCode', d.postCode, 20);
  checkText(issues, 'declarant.city', d.city, 100);
  checkText(issues, 'declarant.email', d.email, 200);
  checkText(issues, 'declarant.phone', d.phone, 30);
  checkText(issues, 'declarant.contact.initials', d.contact?.initials, 10, d.contact !== undefined);
  checkText(issues, 'declarant.contact.prefix', d.contact?.prefix, 10);
  checkText(issues, 'declarant.contact.surname', d.contact?.surname, 200, d.contact !== undefined);
  checkText(issues, 'declarant.contact.phone', d.contact?.phone, 14);
  checkText(issues, 'software.name', input.software?.name, 20, input.software !== undefined);
  checkText(issues, 'software.version', input.software?.version, 20, input.software !== undefined);
  checkText(issues, 'reference', input.reference, 50);
  if (Number.isNaN(input.createdAt.getTime())) issues.push({ path: 'createdAt', message: 'A valid time.' });
}

/** Taxonomy releases of the Nederlandse Taxonomie per declaration year (Belastingdienst, omzetbelasting). */
const nlTaxonomies: Readonly<Record<number, { readonly release: string; readonly date: string }>> = {
  2024: { release: 'nt18', date: '20231213' },
  2025: { release: 'nt19', date: '20241211' },
  2026: { release: 'nt20', date: '20251210' },
};

/** bd-i concept per field of the Dutch return (regular declaration, `bd-rpt-ob-aangifte`). */
const nlConcepts: Readonly<Record<string, string>> = {
  '1a.base': 'TaxedTurnoverSuppliesServicesGeneralTariff',
  '1a.vat': 'ValueAddedTaxSuppliesServicesGeneralTariff',
  '1b.base': 'TaxedTurnoverSuppliesServicesReducedTariff',
  '1b.vat': 'ValueAddedTaxSuppliesServicesReducedTariff',
  '1c.base': 'TaxedTurnoverSuppliesServicesOtherRates',
  '1c.vat': 'ValueAddedTaxSuppliesServicesOtherRates',
  '1d.base': 'TaxedTurnoverPrivateUse',
  '1d.vat': 'ValueAddedTaxPrivateUse',
  '1e.base': 'SuppliesServicesNotTaxed',
  '2a.base': 'TurnoverSuppliesServicesByWhichVATTaxationIsTransferred',
  '2a.vat': 'ValueAddedTaxSuppliesServicesByWhichVATTaxationIsTransferred',
  '3a.base': 'SuppliesToCountriesOutsideTheEC',
  '3b.base': 'SuppliesToCountriesWithinTheEC',
  '3c.base': 'InstallationDistanceSalesWithinTheEC',
  '4a.base': 'TurnoverFromTaxedSuppliesFromCountriesOutsideTheEC',
  '4a.vat': 'ValueAddedTaxOnSuppliesFromCountriesOutsideTheEC',
  '4b.base': 'TurnoverFromTaxedSuppliesFromCountriesWithinTheEC',
  '4b.vat': 'ValueAddedTaxOnSuppliesFromCountriesWithinTheEC',
  '5a': 'ValueAddedTaxOwed',
  '5b': 'ValueAddedTaxOnInput',
  '5g': 'ValueAddedTaxOwedToBePaidBack',
};

/** `YYYYMMDDhhmm` in Dutch local time, as bd-i:DateTimeCreation wants it. */
function amsterdamStamp(at: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Amsterdam',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}${part('month')}${part('day')}${part('hour')}${part('minute')}`;
}

/**
 * The Dutch omzetbelasting declaration as an XBRL instance of the Nederlandse Taxonomie
 * (entry point `bd-rpt-ob-aangifte-<year>`): one context `Msg` on the omzetbelastingnummer and the
 * period, unit EUR, every box in whole euros rounded in the taxpayer's favour. Throws a
 * `ValidationError` for a Belgian return, a bad number or period, a year without a known
 * taxonomy, or non-zero 5d/5e/5f (the current declaration has no such boxes; corrections go
 * through a suppletie).
 */
export function nlOmzetbelastingXbrl(input: VatReturnExportInput): string {
  const issues: FieldIssue[] = [];
  if (input.vatReturn.country !== 'NL') issues.push({ path: 'vatReturn.country', message: 'Not a Dutch return.' });
  const obNumber = compactIdentifier(input.declarant.vatNumber).replace(/^NL/, '');
  if (!/^\d{9}B\d{2}$/.test(obNumber)) {
    issues.push({ path: 'declarant.vatNumber', message: 'An omzetbelastingnummer such as 123456789B01.' });
  }
  checkDeclarant(input, issues);
  const period = periodFacts(input.period, issues);
  const taxonomy = nlTaxonomies[input.period.year];
  if (period && !taxonomy) {
    issues.push({ path: 'period.year', message: `No omzetbelasting taxonomy known for ${input.period.year}.` });
  }
  for (const box of ['5d', '5e', '5f']) {
    if ((input.vatReturn.boxes[box] ?? 0) !== 0) {
      issues.push({ path: `vatReturn.boxes.${box}`, message: `Box ${box} is not part of the current declaration.` });
    }
  }
  if (issues.length > 0 || !period || !taxonomy) throw new ValidationError(issues, 'The XBRL file cannot be made.');

  const euros = nlReturnInWholeEuros(input.vatReturn);
  const software = input.software ?? defaultSoftware;
  const stamp = amsterdamStamp(input.createdAt);
  const base = `http://www.nltaxonomie.nl/${taxonomy.release}/bd/${taxonomy.date}`;
  const ctx = { contextRef: 'Msg' };
  const contact = input.declarant.contact;

  const facts: [string, XmlElement][] = [];
  const fact = (concept: string, value: string | number, amount = false) =>
    facts.push([
      concept,
      el(`bd-i:${concept}`, amount ? { decimals: 'INF', contextRef: 'Msg', unitRef: 'EUR' } : ctx, value),
    ]);
  if (contact) {
    fact('ContactInitials', contact.initials);
    if (contact.prefix) fact('ContactPrefix', contact.prefix);
    fact('ContactSurname', contact.surname);
    if (contact.phone) fact('ContactTelephoneNumber', contact.phone);
  }
  fact('ContactType', 'BPL');
  fact('DateTimeCreation', stamp);
  fact('MessageReferenceSupplierVAT', `${input.period.year}${period.label}-${stamp}`);
  fact('SoftwarePackageName', software.name);
  fact('SoftwarePackageVersion', software.version);
  for (const field of vatReturnFields.NL) {
    const concept = nlConcepts[field];
    if (concept) fact(concept, euros.boxes[field] ?? 0, true);
  }
  facts.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  return xmlDocument(
    el(
      'xbrli:xbrl',
      {
        'xmlns:xbrli': 'http://www.xbrl.org/2003/instance',
        'xmlns:link': 'http://www.xbrl.org/2003/linkbase',
        'xmlns:xlink': 'http://www.w3.org/1999/xlink',
        'xmlns:iso4217': 'http://www.xbrl.org/2003/iso4217',
        'xmlns:bd-i': `${base}/dictionary/bd-data`,
        'xml:lang': 'nl',
      },
      [
        el('link:schemaRef', {
          'xlink:type': 'simple',
          'xlink:href': `${base}/entrypoints/bd-rpt-ob-aangifte-${input.period.year}.xsd`,
        }),
        el('xbrli:context', { id: 'Msg' }, [
          el('xbrli:entity', undefined, [
            el('xbrli:identifier', { scheme: 'www.belastingdienst.nl/omzetbelastingnummer' }, obNumber),
          ]),
          el('xbrli:period', undefined, [
            el('xbrli:startDate', undefined, period.start),
            el('xbrli:endDate', undefined, period.end),
          ]),
        ]),
        el('xbrli:unit', { id: 'EUR' }, [el('xbrli:measure', undefined, 'iso4217:EUR')]),
        ...facts.map(([, element]) => element),
      ],
    ),
  );
}

/** The result grid, written even when zero: 72 for a credit, else 71. */
function beResultGrid(vatReturn: VatReturn): string {
  return vatReturn.refundable > 0 ? '72' : '71';
}

/**
 * The Belgian periodic VAT return as an Intervat `VATConsignment` (one `VATDeclaration`):
 * declarant, month or quarter, every non-zero grid as `Amount GridNumber="03"` with two
 * decimals, and always grid 71 or 72. Throws a `ValidationError` for a Dutch return, an invalid
 * enterprise number or period, or a negative grid (Intervat takes none; correct the bookings).
 */
export function beIntervatXml(input: VatReturnExportInput): string {
  const issues: FieldIssue[] = [];
  const { vatReturn, declarant } = input;
  if (vatReturn.country !== 'BE') issues.push({ path: 'vatReturn.country', message: 'Not a Belgian return.' });
  const vatNumber = compactIdentifier(declarant.vatNumber).replace(/^BE/, '');
  if (!isValidBelgianEnterpriseNumber(vatNumber)) {
    issues.push({ path: 'declarant.vatNumber', message: 'A Belgian VAT number such as BE0403.170.701.' });
  }
  checkDeclarant(input, issues);
  periodFacts(input.period, issues);
  const result = beResultGrid(vatReturn);
  const grids = vatReturnFields.BE.filter((grid) => (vatReturn.boxes[grid] ?? 0) !== 0 || grid === result);
  for (const grid of grids) {
    if ((vatReturn.boxes[grid] ?? 0) < 0) {
      issues.push({
        path: `vatReturn.boxes.${grid}`,
        message: `Grid ${grid} is negative; Intervat takes no negative grids.`,
      });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues, 'The Intervat file cannot be made.');

  const yesNo = (value: boolean | undefined) => (value ? 'YES' : 'NO');
  const period = input.period;
  return xmlDocument(
    el(
      'ns2:VATConsignment',
      {
        xmlns: 'http://www.minfin.fgov.be/InputCommon',
        'xmlns:ns2': 'http://www.minfin.fgov.be/VATConsignment',
        VATDeclarationsNbr: 1,
      },
      [
        el('ns2:VATDeclaration', { SequenceNumber: 1, DeclarantReference: input.reference }, [
          el('ns2:Declarant', undefined, [
            el('VATNumber', undefined, vatNumber),
            el('Name', undefined, declarant.name),
            declarant.street !== undefined ? el('Street', undefined, declarant.street) : undefined,
            declarant.postCode !== undefined ? el('PostCode', undefined, declarant.postCode) : undefined,
            declarant.city !== undefined ? el('City', undefined, declarant.city) : undefined,
            el('CountryCode', undefined, 'BE'),
            declarant.email !== undefined ? el('EmailAddress', undefined, declarant.email) : undefined,
            declarant.phone !== undefined ? el('Phone', undefined, declarant.phone) : undefined,
          ]),
          el('ns2:Period', undefined, [
            'month' in period ? el('ns2:Month', undefined, period.month) : el('ns2:Quarter', undefined, period.quarter),
            el('ns2:Year', undefined, period.year),
          ]),
          el(
            'ns2:Data',
            undefined,
            grids.map((grid) => el('ns2:Amount', { GridNumber: grid }, formatCents(vatReturn.boxes[grid] ?? 0))),
          ),
          el('ns2:ClientListingNihil', undefined, yesNo(input.clientListingNihil)),
          el('ns2:Ask', { Restitution: yesNo(input.askRestitution), Payment: yesNo(input.askPaymentForms) }),
        ]),
      ],
    ),
  );
}

/** The machine-readable return for the return's country: NL XBRL, BE Intervat XML. */
export function exportVatReturn(input: VatReturnExportInput): VatReturnFile {
  const { year } = input.period;
  const label = 'month' in input.period ? `M${pad(input.period.month)}` : `Q${input.period.quarter}`;
  if (input.vatReturn.country === 'NL') {
    return {
      fileName: `omzetbelasting-${year}-${label}.xbrl`,
      mediaType: 'application/xbrl+xml',
      content: nlOmzetbelastingXbrl(input),
    };
  }
  return { fileName: `btw-aangifte-${year}-${label}.xml`, mediaType: 'application/xml', content: beIntervatXml(input) };
}
