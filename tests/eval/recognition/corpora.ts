import { access, readdir, readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { XMLParser } from 'fast-xml-parser-v5';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { EvalCase, Expectation } from './cases.ts';
import { judgePage, pageText } from './scoreable.ts';
import { textractCases } from './textract.ts';

/**
 * The shared corpora (`../shared/corpora` from the project root) as evaluation cases. Their
 * expected values are read here with a small reader of our own, independent of the engine's
 * structured reader, so that a bug there cannot hide behind a matching bug in the expectation.
 */

export async function corporaFolder(root: string): Promise<string | undefined> {
  const folder = join(root, '..', 'shared', 'corpora');
  return access(folder).then(
    () => folder,
    () => undefined,
  );
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

async function filesUnder(folder: string, extension: string): Promise<string[]> {
  if (!(await exists(folder))) return [];
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith(extension))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

const contentTypes: Record<string, string> = {
  pdf: 'application/pdf',
  xml: 'application/xml',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

function fileInput(path: string) {
  return async () => ({
    bytes: new Uint8Array(await readFile(path)),
    fileName: basename(path),
    contentType: contentTypes[path.split('.').pop()?.toLowerCase() ?? ''],
  });
}

// ---------------------------------------------------------------------------------------------
// A minimal reader for the expectations: local names, strings only.

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
});

type Node = Record<string, unknown> | string | undefined;

function list(node: unknown): Node[] {
  if (node === undefined || node === null) return [];
  return (Array.isArray(node) ? node : [node]) as Node[];
}

function child(node: Node, ...path: string[]): Node {
  let current: Node = node;
  for (const name of path) {
    if (current === undefined || typeof current === 'string') return undefined;
    current = list(current[name])[0];
  }
  return current;
}

function text(node: Node): string | undefined {
  if (node === undefined) return undefined;
  if (typeof node === 'string') return node || undefined;
  const value = node['#text'];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function attribute(node: Node, name: string): string | undefined {
  return typeof node === 'object' ? (node[`@${name}`] as string | undefined) : undefined;
}

/** A decimal string in cents, half away from zero. */
function cents(value: string | undefined): number | undefined {
  const match = value === undefined ? null : /^([+-])?(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) return undefined;
  const fraction = (match[3] ?? '').padEnd(3, '0');
  const magnitude = Number(match[2]) * 100 + Number(fraction.slice(0, 2)) + (Number(fraction[2]) >= 5 ? 1 : 0);
  return match[1] === '-' && magnitude !== 0 ? -magnitude : magnitude;
}

function isoDate(value: string | undefined): string | undefined {
  const match = value === undefined ? null : /^(\d{4})-?(\d{2})-?(\d{2})/.exec(value.trim());
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}

interface XmlExpectation {
  readonly documentType: string;
  readonly fields: Expectation[];
}

const creditTypeCodes = new Set(['81', '83', '381', '396', '532']);

/** Invoice number, dates, totals and supplier VAT of a CII invoice; undefined when it is not one. */
export function ciiExpectation(xml: string): XmlExpectation | undefined {
  const root = child(parser.parse(xml) as Node, 'CrossIndustryInvoice');
  if (!root) return undefined;
  const header = child(root, 'ExchangedDocument');
  const transaction = child(root, 'SupplyChainTradeTransaction');
  const settlement = child(transaction, 'ApplicableHeaderTradeSettlement');
  const currency = text(child(settlement, 'InvoiceCurrencyCode'));
  const summation = child(settlement, 'SpecifiedTradeSettlementHeaderMonetarySummation');
  const taxTotals = list(typeof summation === 'object' ? summation.TaxTotalAmount : undefined);
  const vat = taxTotals.find((t) => attribute(t, 'currencyID') === currency) ?? taxTotals[0];
  const terms = list(typeof settlement === 'object' ? settlement.SpecifiedTradePaymentTerms : undefined);
  const due = terms.map((t) => text(child(t, 'DueDateDateTime', 'DateTimeString'))).find(Boolean);
  const seller = child(transaction, 'ApplicableHeaderTradeAgreement', 'SellerTradeParty');
  const registrations = list(typeof seller === 'object' ? seller.SpecifiedTaxRegistration : undefined);
  const sellerVat = registrations.map((r) => child(r, 'ID')).find((id) => attribute(id, 'schemeID') === 'VA');
  const means = list(typeof settlement === 'object' ? settlement.SpecifiedTradeSettlementPaymentMeans : undefined);
  const iban = means.map((m) => text(child(m, 'PayeePartyCreditorFinancialAccount', 'IBANID'))).find(Boolean);
  const buyer = child(transaction, 'ApplicableHeaderTradeAgreement', 'BuyerTradeParty');
  return {
    documentType: creditTypeCodes.has(text(child(header, 'TypeCode')) ?? '') ? 'credit-note' : 'invoice',
    fields: [
      { field: 'invoiceNumber', value: text(child(header, 'ID')) },
      { field: 'invoiceDate', value: isoDate(text(child(header, 'IssueDateTime', 'DateTimeString'))) },
      { field: 'dueDate', value: isoDate(due) },
      { field: 'supplierVatNumber', value: text(sellerVat) },
      { field: 'supplierName', value: text(child(seller, 'Name')) },
      { field: 'supplierIban', value: iban },
      { field: 'customerName', value: text(child(buyer, 'Name')) },
      { field: 'currency', value: currency },
      { field: 'net', value: cents(text(child(summation, 'TaxBasisTotalAmount'))) },
      { field: 'vat', value: cents(text(vat)) },
      { field: 'gross', value: cents(text(child(summation, 'GrandTotalAmount'))) },
    ],
  };
}

/** Invoice number, dates, totals and supplier VAT of a UBL invoice or credit note. */
export function ublExpectation(xml: string): XmlExpectation | undefined {
  const parsed = parser.parse(xml) as Node;
  const credit = child(parsed, 'CreditNote');
  const root = credit ?? child(parsed, 'Invoice');
  if (!root || typeof root === 'string') return undefined;
  const currency = text(child(root, 'DocumentCurrencyCode'));
  const taxTotals = list(root.TaxTotal);
  const taxTotal = taxTotals.find((t) => attribute(child(t, 'TaxAmount'), 'currencyID') === currency) ?? taxTotals[0];
  const totals = child(root, 'LegalMonetaryTotal');
  const supplier = child(root, 'AccountingSupplierParty', 'Party');
  const schemes = list(typeof supplier === 'object' ? supplier.PartyTaxScheme : undefined);
  const vatScheme = schemes.find((s) => text(child(s, 'TaxScheme', 'ID')) === 'VAT') ?? schemes[0];
  const paymentMeans = list(root.PaymentMeans);
  const due = text(child(root, 'DueDate')) ?? paymentMeans.map((p) => text(child(p, 'PaymentDueDate'))).find(Boolean);
  const typeCode = text(child(root, credit ? 'CreditNoteTypeCode' : 'InvoiceTypeCode')) ?? '';
  const legal = child(supplier, 'PartyLegalEntity');
  const iban = paymentMeans.map((p) => text(child(p, 'PayeeFinancialAccount', 'ID'))).find(Boolean);
  const reference = paymentMeans.map((p) => text(child(p, 'PaymentID'))).find(Boolean);
  const customer = child(root, 'AccountingCustomerParty', 'Party');
  return {
    documentType: credit || creditTypeCodes.has(typeCode) ? 'credit-note' : 'invoice',
    fields: [
      { field: 'invoiceNumber', value: text(child(root, 'ID')) },
      { field: 'invoiceDate', value: isoDate(text(child(root, 'IssueDate'))) },
      { field: 'dueDate', value: isoDate(due) },
      { field: 'supplierVatNumber', value: text(child(vatScheme, 'CompanyID')) },
      {
        field: 'supplierName',
        value: text(child(legal, 'RegistrationName')) ?? text(child(supplier, 'PartyName', 'Name')),
      },
      { field: 'supplierCompanyNumber', value: text(child(legal, 'CompanyID')) },
      { field: 'supplierIban', value: iban },
      { field: 'paymentReference', value: reference },
      {
        field: 'customerName',
        value:
          text(child(customer, 'PartyLegalEntity', 'RegistrationName')) ?? text(child(customer, 'PartyName', 'Name')),
      },
      { field: 'currency', value: currency },
      { field: 'net', value: cents(text(child(totals, 'TaxExclusiveAmount'))) },
      { field: 'vat', value: cents(text(child(taxTotal, 'TaxAmount'))) },
      { field: 'gross', value: cents(text(child(totals, 'TaxInclusiveAmount'))) },
    ],
  };
}

/** Only the fields the document states; the corpora are scored on what they hold. */
function present(expectation: XmlExpectation, fields: readonly string[]): Expectation[] {
  return expectation.fields.filter((f) => f.value !== undefined && fields.includes(f.field));
}

async function embeddedXml(path: string): Promise<string | undefined> {
  const document = await getDocument({ data: new Uint8Array(await readFile(path)), verbosity: 0 }).promise;
  try {
    const attachments = ((await document.getAttachments()) ?? {}) as Record<
      string,
      { filename: string; content: Uint8Array }
    >;
    const xml = Object.values(attachments).find((a) => /\.xml$/i.test(a.filename));
    return xml
      ? Buffer.from(xml.content)
          .toString('utf8')
          .replace(/^\uFEFF/, '')
      : undefined;
  } finally {
    await document.destroy();
  }
}

// ---------------------------------------------------------------------------------------------

/** `receipts-de-softmatic`: German till receipts, scanned at 300 dpi; merchant, date, total. */
async function receiptCases(folder: string): Promise<EvalCase[]> {
  const base = join(folder, 'receipts-de-softmatic');
  if (!(await exists(join(base, 'groundtruth.json')))) return [];
  const truth = JSON.parse(await readFile(join(base, 'groundtruth.json'), 'utf8')) as {
    receipts: { image: string; merchant?: string; date?: string; total_cents?: number; unparsed?: boolean }[];
  };
  return truth.receipts
    .filter((r) => !r.unparsed && r.merchant && /\.(jpe?g|png)$/i.test(r.image))
    .map((r) => ({
      corpus: 'receipts-de-softmatic',
      group: 'receipts-de-softmatic',
      document: r.image,
      documentType: 'receipt',
      expected: [
        { field: 'supplierName', value: r.merchant, how: 'contains' },
        { field: 'invoiceDate', value: r.date },
        { field: 'gross', value: r.total_cents },
      ],
      input: fileInput(join(base, r.image)),
    }));
}

const zugferdFields = [
  'invoiceNumber',
  'invoiceDate',
  'dueDate',
  'currency',
  'net',
  'vat',
  'gross',
  'supplierName',
  'supplierVatNumber',
  'supplierIban',
  'customerName',
];

/** The truth fields of `pdf-invoices` and the fields they are scored as. */
const pdfInvoiceFields: readonly (readonly [string, Expectation['field'], 'date' | 'amount' | 'text'])[] = [
  ['invoiceNumber', 'invoiceNumber', 'text'],
  ['issueDate', 'invoiceDate', 'date'],
  ['dueDate', 'dueDate', 'date'],
  ['currency', 'currency', 'text'],
  ['netTotal', 'net', 'amount'],
  ['vatTotal', 'vat', 'amount'],
  ['grossTotal', 'gross', 'amount'],
  ['sellerName', 'supplierName', 'text'],
  ['sellerVatId', 'supplierVatNumber', 'text'],
  ['sellerIban', 'supplierIban', 'text'],
  ['buyerName', 'customerName', 'text'],
];

/**
 * `pdf-invoices`: real-layout invoice PDFs, read from the page (an attached XML is ignored),
 * scored on the truth fields their page shows (`fieldsInPdfText`); a field the structured
 * invoice does not state is not scored.
 */
async function pdfInvoiceCases(folder: string): Promise<EvalCase[]> {
  const base = join(folder, 'pdf-invoices');
  const cases: EvalCase[] = [];
  for (const path of await filesUnder(join(base, 'truth'), '.json')) {
    const truth = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown> & {
      id: string;
      typeCode?: string;
      fieldsInPdfText?: Record<string, boolean>;
    };
    const pdf = join(base, 'pdf', `${truth.id}.pdf`);
    if (!(await exists(pdf))) continue;
    const expected: Expectation[] = [];
    for (const [name, field, kind] of pdfInvoiceFields) {
      const value = truth[name];
      if (value === null || value === undefined || truth.fieldsInPdfText?.[name] === false) continue;
      expected.push({
        field,
        value:
          kind === 'amount'
            ? Math.round(Number(value) * 100)
            : kind === 'date'
              ? isoDate(String(value))
              : String(value),
      });
    }
    cases.push({
      corpus: 'pdf-invoices',
      group: 'pdf-invoices',
      document: relative(base, pdf),
      documentType: creditTypeCodes.has(truth.typeCode ?? '') ? 'credit-note' : 'invoice',
      pageOnly: true,
      expected,
      input: fileInput(pdf),
    });
  }
  return cases;
}

/**
 * `zugferd-facturx-corpus`: the Factur-X PDFs in the `correct` folders and XML-Rechnung/FX,
 * scored against the XML they carry (or, without one, their XML-Rechnung/CII counterpart); the
 * XML-Rechnung CII and UBL files against that CII, as a cross-format check.
 */
async function zugferdCases(
  folder: string,
): Promise<{ cases: EvalCase[]; skipped: string[]; notes: string[]; unscored: Unscored[] }> {
  const base = join(folder, 'zugferd-facturx-corpus');
  const cases: EvalCase[] = [];
  const unscored: Unscored[] = [];
  const skipped: string[] = [];
  const notes: string[] = [];
  const expectations = JSON.parse(
    await readFile(join(base, '_derived_expectations.json'), 'utf8').catch(() => '{"items":[]}'),
  ) as { items: { file: string; format: string; expected: string; group?: string }[] };
  const valid = expectations.items.filter((i) => i.expected === 'valid');
  const add = (group: string, path: string, expectation: XmlExpectation | undefined) => {
    if (!expectation) {
      skipped.push(relative(base, path));
      return;
    }
    cases.push({
      corpus: 'zugferd-facturx-corpus',
      group,
      document: relative(base, path),
      documentType: expectation.documentType,
      pageOnly: /\.pdf$/i.test(path),
      expected: present(expectation, zugferdFields),
      input: fileInput(path),
    });
  };
  const pdfs = [
    ...(await filesUnder(join(base, 'XML-Rechnung', 'FX'), '.pdf')),
    ...(await filesUnder(join(base, 'ZUGFeRDv2', 'correct'), '.pdf')),
    ...(await filesUnder(join(base, 'ZUGFeRDv1', 'correct'), '.pdf')),
  ];
  for (const pdf of pdfs) {
    // The XML the PDF carries is what the document states (its visible text agrees); the
    // counterpart in XML-Rechnung/CII is the expectation only when nothing is attached, and a
    // counterpart that disagrees with the attachment is reported, not scored.
    const counterpart = join(base, 'XML-Rechnung', 'CII', basename(pdf).replace(/\.pdf$/i, '.cii.xml'));
    const attached = await embeddedXml(pdf);
    const stated = attached ? ciiExpectation(attached) : undefined;
    const separate = (await exists(counterpart)) ? ciiExpectation(await readFile(counterpart, 'utf8')) : undefined;
    if (stated && separate) {
      const differing = stated.fields.filter(
        (f) => separate.fields.find((g) => g.field === f.field)?.value !== f.value && zugferdFields.includes(f.field),
      );
      if (differing.length > 0) {
        notes.push(
          `${relative(base, pdf)}: the attached XML and XML-Rechnung/CII differ in ${differing.map((f) => f.field).join(', ')}; the attached XML is used`,
        );
      }
    }
    const expectation = stated ?? separate;
    const group = 'zugferd factur-x read from the page';
    const verdict = expectation
      ? judgePage(await pageText(new Uint8Array(await readFile(pdf))), present(expectation, zugferdFields))
      : undefined;
    if (verdict) {
      unscored.push({ corpus: 'zugferd-facturx-corpus', group, document: relative(base, pdf), ...verdict });
      continue;
    }
    add(group, pdf, expectation);
  }
  for (const item of valid.filter((i) => i.file.startsWith('XML-Rechnung/') && i.format !== 'facturx-pdf')) {
    const name = basename(item.file).replace(/\.(cii|ubl)\.xml$/, '');
    const cii = join(base, 'XML-Rechnung', 'CII', `${name}.cii.xml`);
    if (!(await exists(cii)) || !(await exists(join(base, item.file)))) continue;
    add(
      item.format === 'ubl' ? 'zugferd ubl (structured reader)' : 'zugferd cii (structured reader)',
      join(base, item.file),
      ciiExpectation(await readFile(cii, 'utf8')),
    );
  }
  return { cases, skipped, notes, unscored };
}

/** Whether an identifier is printed on the page, spaces and punctuation aside. */
function shownOnPage(text: string, value: Expectation['value']): boolean {
  const compact = (v: string) => v.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
  return typeof value === 'string' && compact(text).includes(compact(value));
}

/** The PDF rendering a UBL document carries as a base64 attachment. */
function attachedPdf(xml: string): Uint8Array | undefined {
  const parsed = parser.parse(xml) as Node;
  const root = child(parsed, 'Invoice') ?? child(parsed, 'CreditNote');
  if (!root || typeof root === 'string') return undefined;
  for (const reference of list(root.AdditionalDocumentReference)) {
    const object = child(reference, 'Attachment', 'EmbeddedDocumentBinaryObject');
    if (attribute(object, 'mimeCode') !== 'application/pdf') continue;
    const content = text(object);
    if (content) return new Uint8Array(Buffer.from(content.replace(/\s/g, ''), 'base64'));
  }
  return undefined;
}

const ublBeFields = [
  'invoiceNumber',
  'invoiceDate',
  'dueDate',
  'currency',
  'net',
  'vat',
  'gross',
  'supplierName',
  'supplierVatNumber',
  'supplierCompanyNumber',
  'supplierIban',
  'paymentReference',
  'customerName',
];

/**
 * `be-ublbe`: UBL.BE invoices and credit notes. The PDF rendering each one carries is read from
 * its page and scored against the UBL; the UBL itself is read by the structured reader, apart.
 */
async function ublBeCases(
  folder: string,
): Promise<{ pages: EvalCase[]; structured: EvalCase[]; unscored: Unscored[]; notes: string[] }> {
  const base = join(folder, 'be-ublbe');
  const pages: EvalCase[] = [];
  const unscored: Unscored[] = [];
  const notes: string[] = [];
  const structured: EvalCase[] = [];
  for (const path of await filesUnder(base, '.xml')) {
    const xml = await readFile(path, 'utf8');
    const expectation = ublExpectation(xml);
    if (!expectation) continue;
    const document = relative(base, path);
    const pdf = attachedPdf(xml);
    const expected = present(expectation, ublBeFields);
    const group = 'be-ublbe pdf read from the page';
    const text = pdf ? await pageText(pdf) : '';
    const verdict = pdf ? judgePage(text, expected) : undefined;
    if (pdf && verdict) unscored.push({ corpus: 'be-ublbe', group, document, ...verdict });
    else if (pdf) {
      // Like pdf-invoices' fieldsInPdfText: a payment reference the page does not print is not scored.
      const hidden = expected.filter((e) => e.field === 'paymentReference' && !shownOnPage(text, e.value));
      for (const e of hidden) {
        notes.push(`be-ublbe ${document}: the page does not print the payment reference '${e.value}'; not scored`);
      }
      pages.push({
        corpus: 'be-ublbe',
        group,
        document,
        documentType: expectation.documentType,
        pageOnly: true,
        expected: expected.filter((e) => !hidden.includes(e)),
        input: async () => ({
          bytes: pdf,
          fileName: basename(path).replace(/\.xml$/i, '.pdf'),
          contentType: 'application/pdf',
        }),
      });
    }
    structured.push({
      corpus: 'be-ublbe',
      group: 'be-ublbe ubl (structured reader)',
      document,
      documentType: expectation.documentType,
      expected: present(expectation, ['invoiceNumber', 'supplierVatNumber', 'net', 'vat', 'gross']),
      input: fileInput(path),
    });
  }
  return { pages, structured, unscored, notes };
}

/** A document left out of the scores, with the reason: it is reported, never dropped. */
export interface Unscored {
  readonly corpus: string;
  readonly group: string;
  readonly document: string;
  readonly reason: string;
  readonly detail: string;
}

/**
 * Every shared-corpus case, the files that could not be given an expectation, the documents
 * that cannot be scored (a page that does not show the invoice of its XML) and notes on the
 * corpora. Real documents read from the page come first, then receipts, then the structured
 * reader's cross-checks on the XML files.
 */
export async function corpusCases(
  folder: string,
): Promise<{ cases: EvalCase[]; skipped: string[]; notes: string[]; unscored: Unscored[] }> {
  const zugferd = await zugferdCases(folder);
  const ublBe = await ublBeCases(folder);
  const textract = await textractCases(folder);
  const read = (c: EvalCase) => c.pageOnly === true;
  return {
    cases: [
      ...(await pdfInvoiceCases(folder)),
      ...zugferd.cases.filter(read),
      ...ublBe.pages,
      ...(await receiptCases(folder)),
      ...textract.cases,
      ...zugferd.cases.filter((c) => !read(c)),
      ...ublBe.structured,
    ],
    skipped: zugferd.skipped,
    notes: [...zugferd.notes, ...ublBe.notes],
    unscored: [...zugferd.unscored, ...ublBe.unscored, ...textract.unscored],
  };
}
