import parser from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '#packages/kernel';
import {
  computeVatReturn,
  exportVatReturn,
  nlOmzetbelastingXbrl,
  type VatCodeTotals,
  type VatReturnExportInput,
} from '#packages/ledger/vat-return';

const parseOptions = { ignoreAttributes: false, attributeNamePrefix: '@_', parseNodeValue: false };

/** Parses the file back, failing on anything that is not well-formed XML. */
function parseBack(xml: string): Record<string, any> {
  expect(parser.validate(xml)).toBe(true);
  return parser.parse(xml, parseOptions);
}

const decodeEntities = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

function validationPaths(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues.map((issue) => issue.path);
  }
  expect.unreachable('no ValidationError was thrown');
}

const nlQuarter: VatCodeTotals = [
  { code: 'NL-V21', creditNote: false, base: 1_000_000, vat: 210_000 },
  { code: 'NL-V9', creditNote: false, base: 200_000, vat: 18_000 },
  { code: 'NL-V-EU-GOODS', creditNote: false, base: 150_000, vat: 0 },
  { code: 'NL-I21', creditNote: false, base: 300_000, vat: 63_000 },
  { code: 'NL-I-EU-GOODS21', creditNote: false, base: 100_000, vat: 21_000 },
];

const beMonth: VatCodeTotals = [
  { code: 'BE-V21', creditNote: false, base: 800_000, vat: 168_000 },
  { code: 'BE-V6', creditNote: false, base: 100_000, vat: 6_000 },
  { code: 'BE-V21', creditNote: true, base: -50_000, vat: -10_500 },
  { code: 'BE-I21-SERVICES', creditNote: false, base: 200_000, vat: 42_000 },
  { code: 'BE-I-EU-GOODS21', creditNote: false, base: 150_000, vat: 31_500 },
];

const nlInput: VatReturnExportInput = {
  vatReturn: computeVatReturn('NL', nlQuarter),
  declarant: {
    vatNumber: 'NL 123456789B01',
    name: 'Bakkerij De Korenschoof B.V.',
    contact: { initials: 'J.', prefix: 'de', surname: 'Vries', phone: '0201234567' },
  },
  period: { year: 2026, quarter: 1 },
  createdAt: new Date('2026-04-10T08:30:00Z'),
  software: { name: 'Samenwerken', version: '1.2.3' },
};

const beInput: VatReturnExportInput = {
  vatReturn: computeVatReturn('BE', beMonth),
  declarant: {
    vatNumber: 'BE 0403.170.701',
    name: 'Brouwerij Het Anker NV',
    street: 'Guido Gezellelaan 49',
    postCode: '2800',
    city: 'Mechelen',
    email: 'btw@example.be',
  },
  period: { year: 2026, month: 1 },
  createdAt: new Date('2026-02-05T09:00:00Z'),
};

describe('exportVatReturn for the Netherlands (XBRL, omzetbelasting)', () => {
  const file = exportVatReturn(nlInput);
  const xbrl = parseBack(file.content)['xbrli:xbrl'];

  it('names the file after the period and marks it as XBRL', () => {
    expect(file.fileName).toBe('omzetbelasting-2026-Q1.xbrl');
    expect(file.mediaType).toBe('application/xbrl+xml');
    expect(file.content.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<xbrli:xbrl ')).toBe(true);
  });

  it("refers to the year's taxonomy entry point and namespaces", () => {
    expect(xbrl['@_xmlns:xbrli']).toBe('http://www.xbrl.org/2003/instance');
    expect(xbrl['@_xmlns:bd-i']).toBe('http://www.nltaxonomie.nl/nt20/bd/20251210/dictionary/bd-data');
    expect(xbrl['link:schemaRef']['@_xlink:href']).toBe(
      'http://www.nltaxonomie.nl/nt20/bd/20251210/entrypoints/bd-rpt-ob-aangifte-2026.xsd',
    );
  });

  it('has one context on the omzetbelastingnummer for the quarter and a EUR unit', () => {
    const context = xbrl['xbrli:context'];
    expect(context['@_id']).toBe('Msg');
    expect(context['xbrli:entity']['xbrli:identifier']).toEqual({
      '#text': '123456789B01',
      '@_scheme': 'www.belastingdienst.nl/omzetbelastingnummer',
    });
    expect(context['xbrli:period']).toEqual({ 'xbrli:startDate': '2026-01-01', 'xbrli:endDate': '2026-03-31' });
    expect(xbrl['xbrli:unit']).toEqual({ '@_id': 'EUR', 'xbrli:measure': 'iso4217:EUR' });
  });

  it('reports every rubriek in whole euros with the bd-i concepts', () => {
    const amount = (concept: string) => {
      const fact = xbrl[`bd-i:${concept}`];
      expect(fact, concept).toMatchObject({ '@_contextRef': 'Msg', '@_unitRef': 'EUR', '@_decimals': 'INF' });
      return fact['#text'];
    };
    expect(amount('TaxedTurnoverSuppliesServicesGeneralTariff')).toBe('10000');
    expect(amount('ValueAddedTaxSuppliesServicesGeneralTariff')).toBe('2100');
    expect(amount('TaxedTurnoverSuppliesServicesReducedTariff')).toBe('2000');
    expect(amount('ValueAddedTaxSuppliesServicesReducedTariff')).toBe('180');
    expect(amount('SuppliesToCountriesWithinTheEC')).toBe('1500');
    expect(amount('TurnoverFromTaxedSuppliesFromCountriesWithinTheEC')).toBe('1000');
    expect(amount('ValueAddedTaxOnSuppliesFromCountriesWithinTheEC')).toBe('210');
    expect(amount('ValueAddedTaxOwed')).toBe('2490');
    expect(amount('ValueAddedTaxOnInput')).toBe('840');
    expect(amount('ValueAddedTaxOwedToBePaidBack')).toBe('1650');
    for (const zero of [
      'TaxedTurnoverSuppliesServicesOtherRates',
      'ValueAddedTaxSuppliesServicesOtherRates',
      'TaxedTurnoverPrivateUse',
      'ValueAddedTaxPrivateUse',
      'SuppliesServicesNotTaxed',
      'TurnoverSuppliesServicesByWhichVATTaxationIsTransferred',
      'ValueAddedTaxSuppliesServicesByWhichVATTaxationIsTransferred',
      'SuppliesToCountriesOutsideTheEC',
      'InstallationDistanceSalesWithinTheEC',
      'TurnoverFromTaxedSuppliesFromCountriesOutsideTheEC',
      'ValueAddedTaxOnSuppliesFromCountriesOutsideTheEC',
    ]) {
      expect(amount(zero)).toBe('0');
    }
  });

  it('carries the contact, software and creation time in Dutch local time', () => {
    const text = (concept: string) => xbrl[`bd-i:${concept}`]['#text'];
    expect(text('ContactInitials')).toBe('J.');
    expect(text('ContactPrefix')).toBe('de');
    expect(text('ContactSurname')).toBe('Vries');
    expect(text('ContactType')).toBe('BPL');
    expect(text('SoftwarePackageName')).toBe('Samenwerken');
    expect(text('SoftwarePackageVersion')).toBe('1.2.3');
    expect(text('DateTimeCreation')).toBe('202604101030');
    expect(text('MessageReferenceSupplierVAT')).toBe('2026Q1-202604101030');
  });

  it('is the same file for the same input', () => {
    expect(exportVatReturn(nlInput).content).toBe(file.content);
  });

  it('escapes markup in free text', () => {
    const tricky = exportVatReturn({
      ...nlInput,
      declarant: { ...nlInput.declarant, contact: { initials: 'A&B', surname: `<O'Brien & "Zn">` } },
    });

    const parsed = parseBack(tricky.content)['xbrli:xbrl'];
    expect(decodeEntities(parsed['bd-i:ContactSurname']['#text'])).toBe(`<O'Brien & "Zn">`);
    expect(decodeEntities(parsed['bd-i:ContactInitials']['#text'])).toBe('A&B');
  });

  it('refuses a Belgian return, a bad omzetbelastingnummer, an unknown taxonomy year and 5e/5f', () => {
    expect(
      validationPaths(() => nlOmzetbelastingXbrl({ ...nlInput, vatReturn: computeVatReturn('BE', beMonth) })),
    ).toEqual(['vatReturn.country']);
    expect(
      validationPaths(() => exportVatReturn({ ...nlInput, declarant: { ...nlInput.declarant, vatNumber: 'NL12345' } })),
    ).toEqual(['declarant.vatNumber']);
    expect(validationPaths(() => exportVatReturn({ ...nlInput, period: { year: 2019, quarter: 1 } }))).toEqual([
      'period.year',
    ]);
    expect(
      validationPaths(() =>
        exportVatReturn({
          ...nlInput,
          vatReturn: computeVatReturn('NL', nlQuarter, { adjustments: { '5e': 100 } }),
        }),
      ),
    ).toEqual(['vatReturn.boxes.5e']);
  });
});

describe('exportVatReturn for Belgium (Intervat VATConsignment)', () => {
  const file = exportVatReturn(beInput);
  const consignment = parseBack(file.content)['ns2:VATConsignment'];
  const declaration = consignment['ns2:VATDeclaration'];
  const grids = (decl: Record<string, any>) =>
    Object.fromEntries(
      asList(decl['ns2:Data']['ns2:Amount']).map((a: Record<string, string>) => [a['@_GridNumber'], a['#text']]),
    );

  it('names the file after the month', () => {
    expect(file.fileName).toBe('btw-aangifte-2026-M01.xml');
    expect(file.mediaType).toBe('application/xml');
  });

  it('declares the VATConsignment and InputCommon namespaces on one declaration', () => {
    expect(consignment['@_xmlns:ns2']).toBe('http://www.minfin.fgov.be/VATConsignment');
    expect(consignment['@_xmlns']).toBe('http://www.minfin.fgov.be/InputCommon');
    expect(consignment['@_VATDeclarationsNbr']).toBe('1');
    expect(declaration['@_SequenceNumber']).toBe('1');
  });

  it('identifies the declarant by its bare enterprise number and address', () => {
    expect(declaration['ns2:Declarant']).toEqual({
      VATNumber: '0403170701',
      Name: 'Brouwerij Het Anker NV',
      Street: 'Guido Gezellelaan 49',
      PostCode: '2800',
      City: 'Mechelen',
      CountryCode: 'BE',
      EmailAddress: 'btw@example.be',
    });
    expect(declaration['ns2:Period']).toEqual({ 'ns2:Month': '1', 'ns2:Year': '2026' });
  });

  it('writes every non-zero grid with two decimals, in grid order, ending in 71', () => {
    expect(grids(declaration)).toEqual({
      '01': '1000.00',
      '03': '8000.00',
      '49': '500.00',
      '54': '1740.00',
      '55': '315.00',
      '59': '735.00',
      '64': '105.00',
      '71': '1215.00',
      '81': '1500.00',
      '82': '2000.00',
      '86': '1500.00',
    });
    const order = asList(declaration['ns2:Data']['ns2:Amount']).map((a: Record<string, string>) => a['@_GridNumber']);
    expect(order).toEqual([...order].sort());
    expect(declaration['ns2:ClientListingNihil']).toBe('NO');
    expect(declaration['ns2:Ask']).toEqual({ '@_Restitution': 'NO', '@_Payment': 'NO' });
  });

  it('writes grid 72 for a credit, a quarter period and the refund request when asked', () => {
    const refund = exportVatReturn({
      ...beInput,
      vatReturn: computeVatReturn('BE', [{ code: 'BE-I21-INVEST', creditNote: false, base: 1_000_000, vat: 210_000 }]),
      period: { year: 2026, quarter: 2 },
      askRestitution: true,
    });

    const decl = parseBack(refund.content)['ns2:VATConsignment']['ns2:VATDeclaration'];
    expect(grids(decl)).toEqual({ '59': '2100.00', '72': '2100.00', '83': '10000.00' });
    expect(decl['ns2:Period']).toEqual({ 'ns2:Quarter': '2', 'ns2:Year': '2026' });
    expect(decl['ns2:Ask']['@_Restitution']).toBe('YES');
    expect(refund.fileName).toBe('btw-aangifte-2026-Q2.xml');
  });

  it('writes grid 71 as zero for an empty return', () => {
    const empty = exportVatReturn({ ...beInput, vatReturn: computeVatReturn('BE', []) });

    expect(grids(parseBack(empty.content)['ns2:VATConsignment']['ns2:VATDeclaration'])).toEqual({ '71': '0.00' });
  });

  it('refuses negative grids, an invalid enterprise number and a bad month', () => {
    const negative = computeVatReturn('BE', [{ code: 'BE-V21', creditNote: false, base: -10_000, vat: -2_100 }]);
    expect(validationPaths(() => exportVatReturn({ ...beInput, vatReturn: negative }))).toEqual([
      'vatReturn.boxes.03',
      'vatReturn.boxes.54',
    ]);
    expect(
      validationPaths(() =>
        exportVatReturn({ ...beInput, declarant: { ...beInput.declarant, vatNumber: 'BE0403170702' } }),
      ),
    ).toEqual(['declarant.vatNumber']);
    expect(validationPaths(() => exportVatReturn({ ...beInput, period: { year: 2026, month: 13 } }))).toEqual([
      'period.month',
    ]);
  });
});
