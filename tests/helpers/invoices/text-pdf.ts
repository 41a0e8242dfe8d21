import { type Color, PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import {
  type AmountStyle,
  type DateStyle,
  formatAmount,
  formatDate,
  formatQuantity,
  formatRate,
  type Labels,
  labels,
} from './format.ts';
import { printedEnterpriseNumber, printedIban, printedPaymentReference, printedVatNumber } from './identifiers.ts';
import type { Country, InvoiceSpec, Language, Party } from './spec.ts';

/**
 * Text PDFs in the shapes Dutch and Belgian suppliers send: seven layouts that differ in where
 * the supplier sits, how header fields are laid out (label-value pairs, columns, boxes,
 * dotted leaders), the label language, date and amount styles, and where the identifiers are
 * (footer, header, sidebar). Long line lists continue on further pages; totals come last.
 */
export const layoutIds = [
  'nl-classic',
  'nl-header-right',
  'be-nl',
  'be-fr',
  'en-modern',
  'nl-mono',
  'sidebar',
] as const;
export type LayoutId = (typeof layoutIds)[number];

export interface Layout {
  readonly id: LayoutId;
  /** Supplier countries this layout is used for. */
  readonly countries: readonly Country[];
  readonly languageOf: (country: Country) => Language;
  readonly font: 'Helvetica' | 'Times' | 'Courier';
  readonly dateStyle: DateStyle;
  readonly amountStyle: AmountStyle;
}

export const layouts: Readonly<Record<LayoutId, Layout>> = {
  'nl-classic': {
    id: 'nl-classic',
    countries: ['NL'],
    languageOf: () => 'nl',
    font: 'Helvetica',
    dateStyle: 'dd-mm-yyyy',
    amountStyle: 'nl-euro',
  },
  'nl-header-right': {
    id: 'nl-header-right',
    countries: ['NL'],
    languageOf: () => 'nl',
    font: 'Helvetica',
    dateStyle: 'd month yyyy',
    amountStyle: 'nl',
  },
  'be-nl': {
    id: 'be-nl',
    countries: ['BE'],
    languageOf: () => 'nl-BE',
    font: 'Times',
    dateStyle: 'dd/mm/yyyy',
    amountStyle: 'nl-euro',
  },
  'be-fr': {
    id: 'be-fr',
    countries: ['BE'],
    languageOf: () => 'fr-BE',
    font: 'Helvetica',
    dateStyle: 'dd/mm/yyyy',
    amountStyle: 'euro-after',
  },
  'en-modern': {
    id: 'en-modern',
    countries: ['NL', 'BE'],
    languageOf: () => 'en',
    font: 'Helvetica',
    dateStyle: 'yyyy-mm-dd',
    amountStyle: 'eur-dot',
  },
  'nl-mono': {
    id: 'nl-mono',
    countries: ['NL'],
    languageOf: () => 'nl',
    font: 'Courier',
    dateStyle: 'dd.mm.yyyy',
    amountStyle: 'plain-comma',
  },
  sidebar: {
    id: 'sidebar',
    countries: ['NL', 'BE'],
    languageOf: (country) => (country === 'NL' ? 'nl' : 'nl-BE'),
    font: 'Helvetica',
    dateStyle: 'd mon yyyy',
    amountStyle: 'eur-nl',
  },
};

const pageWidth = 595.28;
const pageHeight = 841.89;
const margin = 50;
const right = pageWidth - margin;
const black = rgb(0, 0, 0);
const grey = rgb(0.35, 0.35, 0.35);
const lightGrey = rgb(0.9, 0.9, 0.9);

type Align = 'left' | 'right' | 'center';
interface TextOptions {
  readonly size?: number;
  readonly bold?: boolean;
  readonly align?: Align;
  readonly color?: Color;
}

/** A thin drawing layer over pdf-lib: text with alignment, lines, boxes, page breaks. */
class Writer {
  readonly pages: PDFPage[] = [];
  page!: PDFPage;

  constructor(
    readonly doc: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
  ) {
    this.addPage();
  }

  addPage(): PDFPage {
    this.page = this.doc.addPage([pageWidth, pageHeight]);
    this.pages.push(this.page);
    return this.page;
  }

  width(text: string, size: number, bold = false): number {
    return (bold ? this.bold : this.regular).widthOfTextAtSize(text, size);
  }

  text(text: string, x: number, y: number, options: TextOptions = {}, page: PDFPage = this.page): void {
    const size = options.size ?? 9;
    const w = this.width(text, size, options.bold);
    const left = options.align === 'right' ? x - w : options.align === 'center' ? x - w / 2 : x;
    page.drawText(text, {
      x: left,
      y,
      size,
      font: options.bold ? this.bold : this.regular,
      color: options.color ?? black,
    });
  }

  line(x1: number, y1: number, x2: number, y2: number, thickness = 0.6, color: Color = black): void {
    this.page.drawLine({ start: { x: x1, y: y1 }, end: { x: x2, y: y2 }, thickness, color });
  }

  box(x: number, y: number, width: number, height: number, fill?: Color, border?: Color): void {
    this.page.drawRectangle({
      x,
      y,
      width,
      height,
      color: fill,
      borderColor: border,
      borderWidth: border ? 0.6 : 0,
    });
  }
}

/** Everything a layout needs to print one document. */
interface Context {
  readonly w: Writer;
  readonly spec: InvoiceSpec;
  readonly layout: Layout;
  readonly l: Labels;
  readonly date: (iso: string) => string;
  readonly amount: (cents: number) => string;
}

function countryName(country: Country, language: Language): string {
  const names: Record<Language, Record<Country, string>> = {
    nl: { NL: 'Nederland', BE: 'België' },
    'nl-BE': { NL: 'Nederland', BE: 'België' },
    'fr-BE': { NL: 'Pays-Bas', BE: 'Belgique' },
    en: { NL: 'The Netherlands', BE: 'Belgium' },
  };
  return names[language][country];
}

function companyLabel(c: Context, party: Party): string {
  if (party.country === 'NL') return c.spec.language === 'en' ? 'CoC' : 'KvK';
  return c.l.companyNumber;
}

function companyValue(party: Party): string {
  return party.country === 'NL' ? party.companyNumber : printedEnterpriseNumber(party.companyNumber);
}

function vatValue(party: Party, style: 'compact' | 'spaced' = 'compact'): string {
  return printedVatNumber(party.vatNumber, party.country === 'BE' ? 'spaced' : style);
}

/** Supplier name and address, left- or right-aligned; returns the y below it. */
function supplierBlock(c: Context, x: number, y: number, align: Align, withIds: boolean): number {
  const { w, spec } = c;
  const s = spec.supplier;
  w.text(s.name, x, y, { size: 16, bold: true, align });
  const rows = [s.street, `${s.postcode} ${s.city}`, `${c.l.phone} ${s.phone}`, s.email];
  if (withIds) rows.push(`${c.l.vatNumber} ${vatValue(s)}`, `${companyLabel(c, s)} ${companyValue(s)}`);
  let cursor = y - 16;
  for (const row of rows) {
    w.text(row, x, cursor, { size: 8.5, align, color: grey });
    cursor -= 11;
  }
  return cursor;
}

/** The customer's address block, as in the window of an envelope. */
function customerBlock(c: Context, x: number, y: number, withLabel: boolean): number {
  const { w, spec } = c;
  const cu = spec.customer;
  let cursor = y;
  if (withLabel) {
    w.text(`${c.l.to}:`, x, cursor, { size: 7.5, color: grey });
    cursor -= 12;
  }
  const rows = [cu.name, cu.street, `${cu.postcode} ${cu.city}`];
  if (cu.country !== spec.supplier.country) rows.push(countryName(cu.country, spec.language));
  rows.push(`${c.l.vatNumber}: ${vatValue(cu)}`);
  rows.forEach((row, i) => {
    w.text(row, x, cursor, { size: 9.5, bold: i === 0 });
    cursor -= 12;
  });
  return cursor;
}

type Meta = readonly (readonly [string, string])[];

function metaRows(c: Context, withReference: boolean): Meta {
  const { spec, l } = c;
  const rows: [string, string][] = [
    [l.number[spec.documentType], spec.invoiceNumber],
    [l.date, c.date(spec.invoiceDate)],
  ];
  if (spec.dueDate) rows.push([l.dueDate, c.date(spec.dueDate)]);
  rows.push([l.customerNumber, spec.customerNumber]);
  if (spec.orderReference) rows.push([l.orderReference, spec.orderReference]);
  if (spec.correctedInvoiceNumber) rows.push([l.corrects, spec.correctedInvoiceNumber]);
  if (withReference && spec.paymentReference) rows.push([l.reference, printedPaymentReference(spec.paymentReference)]);
  return rows;
}

/** `Label:   value` pairs, one under the other; `leader` draws dotted leaders (ERP print). */
function metaPairs(c: Context, rows: Meta, x: number, y: number, labelWidth: number, leader = false): number {
  let cursor = y;
  for (const [label, value] of rows) {
    if (leader) {
      const dots = '.'.repeat(Math.max(2, Math.floor((labelWidth - c.w.width(label, 9)) / c.w.width('.', 9))));
      c.w.text(`${label} ${dots}: ${value}`, x, cursor, { size: 9 });
    } else {
      c.w.text(`${label}:`, x, cursor, { size: 9, bold: true });
      c.w.text(value, x + labelWidth, cursor, { size: 9 });
    }
    cursor -= 13;
  }
  return cursor;
}

/** Labels in a header row, values underneath, across the page. */
function metaColumns(c: Context, rows: Meta, y: number): number {
  const shown = rows.slice(0, 5);
  const step = (right - margin) / shown.length;
  c.w.box(margin, y - 22, right - margin, 32, lightGrey);
  shown.forEach(([label, value], i) => {
    c.w.text(label, margin + 6 + i * step, y, { size: 7.5, color: grey });
    c.w.text(value, margin + 6 + i * step, y - 14, { size: 9.5, bold: true });
  });
  let cursor = y - 38;
  for (const [label, value] of rows.slice(5)) {
    c.w.text(`${label}: ${value}`, margin, cursor, { size: 8.5 });
    cursor -= 12;
  }
  return cursor;
}

/** Boxed grid: each field a box with a small label and the value beneath. */
function metaGrid(c: Context, rows: Meta, x: number, y: number, width: number): number {
  const columns = 2;
  const cellWidth = width / columns;
  const cellHeight = 28;
  rows.forEach(([label, value], i) => {
    const cx = x + (i % columns) * cellWidth;
    const cy = y - Math.floor(i / columns) * cellHeight;
    c.w.box(cx, cy - cellHeight + 8, cellWidth, cellHeight, undefined, grey);
    c.w.text(label, cx + 4, cy - 2, { size: 7, color: grey });
    c.w.text(value, cx + 4, cy - 14, { size: 9.5, bold: true });
  });
  return y - Math.ceil(rows.length / columns) * cellHeight - 6;
}

interface TableColumns {
  readonly description: number;
  readonly quantity: number;
  readonly unitPrice: number;
  readonly vat: number;
  readonly amount: number;
}

const standardColumns: TableColumns = { description: margin, quantity: 330, unitPrice: 410, vat: 460, amount: right };
const narrowColumns: TableColumns = { description: 200, quantity: 365, unitPrice: 430, vat: 475, amount: right };

/** The line table, continued on new pages as needed; returns the y below the last row. */
function linesTable(
  c: Context,
  y: number,
  columns: TableColumns,
  options: { shaded: boolean; continuationTop: number; bottom: number },
): number {
  const { w, spec, l } = c;
  const header = (top: number) => {
    if (options.shaded) w.box(columns.description - 4, top - 5, right - columns.description + 8, 17, lightGrey);
    w.text(l.description, columns.description, top, { size: 8.5, bold: true });
    w.text(l.quantity, columns.quantity, top, { size: 8.5, bold: true, align: 'right' });
    w.text(l.unitPrice, columns.unitPrice, top, { size: 8.5, bold: true, align: 'right' });
    w.text(l.vat, columns.vat, top, { size: 8.5, bold: true, align: 'right' });
    w.text(l.amount, columns.amount, top, { size: 8.5, bold: true, align: 'right' });
    if (!options.shaded) w.line(columns.description, top - 5, right, top - 5);
    return top - 19;
  };
  let cursor = header(y);
  let carried = 0;
  for (const line of spec.lines) {
    if (cursor < options.bottom) {
      w.text(`${l.carried}`, columns.vat, cursor, { size: 8.5, align: 'right', color: grey });
      w.text(c.amount(carried), columns.amount, cursor, { size: 8.5, align: 'right', color: grey });
      w.addPage();
      cursor = header(options.continuationTop);
      w.text(`${l.carried}`, columns.vat, cursor, { size: 8.5, align: 'right', color: grey });
      w.text(c.amount(carried), columns.amount, cursor, { size: 8.5, align: 'right', color: grey });
      cursor -= 14;
    }
    const rate = spec.reverseCharge ? 'AE' : formatRate(line.vatRateBasisPoints);
    w.text(line.description, columns.description, cursor, { size: 9 });
    w.text(formatQuantity(line.quantityHundredths, spec.language), columns.quantity, cursor, {
      size: 9,
      align: 'right',
    });
    w.text(c.amount(line.unitPrice), columns.unitPrice, cursor, { size: 9, align: 'right' });
    w.text(rate, columns.vat, cursor, { size: 9, align: 'right' });
    w.text(c.amount(line.net), columns.amount, cursor, { size: 9, align: 'right' });
    carried += line.net;
    cursor -= 14;
  }
  w.line(columns.description, cursor + 8, right, cursor + 8, 0.4, grey);
  return cursor - 6;
}

/** Net, VAT per rate, gross (and "to pay") at the bottom right; a new page when there is no room. */
function totalsBlock(
  c: Context,
  y: number,
  options: { labelX: number; withBase: boolean; toPay: boolean; boxed: boolean; bottom: number },
): number {
  const { w, spec, l } = c;
  const rows = 2 + spec.vatBreakdown.length + (options.toPay ? 1 : 0);
  let cursor = y;
  if (cursor - rows * 15 < options.bottom) {
    w.addPage();
    cursor = pageHeight - 120;
  }
  if (options.boxed)
    w.box(options.labelX - 8, cursor - rows * 15 + 4, right - options.labelX + 14, rows * 15 + 8, lightGrey);
  cursor -= 4;
  w.text(l.net, options.labelX, cursor, { size: 9 });
  w.text(c.amount(spec.totals.net), right, cursor, { size: 9, align: 'right' });
  cursor -= 15;
  for (const subtotal of spec.vatBreakdown) {
    const rate = formatRate(subtotal.rateBasisPoints);
    const label =
      subtotal.category === 'AE'
        ? `${l.vatLine(rate)} (${l.reverseCharge.split(' - ')[0]})`
        : options.withBase
          ? `${l.vatLine(rate)} over ${c.amount(subtotal.base)}`
          : l.vatLine(rate);
    w.text(label, options.labelX, cursor, { size: 9 });
    w.text(c.amount(subtotal.vat), right, cursor, { size: 9, align: 'right' });
    cursor -= 15;
  }
  w.line(options.labelX, cursor + 11, right, cursor + 11, 0.6);
  w.text(l.gross, options.labelX, cursor, { size: 10, bold: true });
  w.text(c.amount(spec.totals.gross), right, cursor, { size: 10, bold: true, align: 'right' });
  cursor -= 15;
  if (options.toPay) {
    w.text(l.toPay[spec.documentType], options.labelX, cursor, { size: 10, bold: true });
    w.text(c.amount(spec.totals.gross), right, cursor, { size: 10, bold: true, align: 'right' });
    cursor -= 15;
  }
  return cursor - 8;
}

/** Payment terms (or the credit-note text) and, for Belgian layouts, the structured communication in a box. */
function paymentBlock(c: Context, y: number, referenceBox: boolean): number {
  const { w, spec, l } = c;
  let cursor = y;
  if (spec.reverseCharge) {
    w.text(l.reverseCharge, margin, cursor, { size: 8.5 });
    cursor -= 13;
  }
  if (spec.documentType === 'credit-note') {
    w.text(l.creditText, margin, cursor, { size: 8.5 });
    return cursor - 16;
  }
  const reference = spec.paymentReference ? printedPaymentReference(spec.paymentReference) : '';
  const terms = l.terms(
    spec.paymentTermDays ?? 30,
    c.date(spec.dueDate ?? spec.invoiceDate),
    printedIban(spec.supplier.iban),
    referenceBox ? '' : reference,
  );
  cursor = wrap(c, terms, margin, cursor, right - margin, 8.5);
  if (referenceBox && reference) {
    cursor -= 4;
    w.box(margin, cursor - 8, 300, 22, undefined, black);
    w.text(`${l.reference}: ${reference}`, margin + 6, cursor, { size: 9.5, bold: true });
    cursor -= 26;
  }
  return cursor;
}

function wrap(c: Context, text: string, x: number, y: number, width: number, size: number): number {
  let cursor = y;
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (c.w.width(candidate, size) > width && line) {
      c.w.text(line, x, cursor, { size });
      cursor -= size + 3;
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) c.w.text(line, x, cursor, { size });
  return cursor - size - 5;
}

/** One or two centred lines at the foot of every page, like most Dutch invoices. */
function footerLine(c: Context, page: PDFPage): void {
  const s = c.spec.supplier;
  const first = `${s.name} | ${s.street} | ${s.postcode} ${s.city} | ${s.email}`;
  const second = `IBAN ${printedIban(s.iban)} | BIC ${s.bic} | ${companyLabel(c, s)} ${companyValue(s)} | ${c.l.vatNumber} ${vatValue(s)}`;
  c.w.line(margin, 58, right, 58, 0.4, grey);
  c.w.text(first, pageWidth / 2, 44, { size: 7.5, align: 'center', color: grey }, page);
  c.w.text(second, pageWidth / 2, 33, { size: 7.5, align: 'center', color: grey }, page);
}

/** Three columns with a label over each value (address | contact | registration and bank). */
function footerColumns(c: Context, page: PDFPage): void {
  const s = c.spec.supplier;
  const columns: [string, string][][] = [
    [
      [s.name, ''],
      [s.street, ''],
      [`${s.postcode} ${s.city}`, ''],
    ],
    [
      [c.l.phone, s.phone],
      ['E-mail', s.email],
    ],
    [
      [`${companyLabel(c, s)}-nummer`, companyValue(s)],
      [c.l.vatNumber, vatValue(s)],
      ['IBAN', printedIban(s.iban)],
    ],
  ];
  const xs = [margin, 230, 390];
  columns.forEach((rows, i) => {
    let cursor = 70;
    for (const [label, value] of rows) {
      if (value) {
        c.w.text(label, xs[i] as number, cursor, { size: 6.5, color: grey }, page);
        c.w.text(value, xs[i] as number, cursor - 8, { size: 7.5 }, page);
        cursor -= 19;
      } else {
        c.w.text(label, xs[i] as number, cursor, { size: 7.5 }, page);
        cursor -= 10;
      }
    }
  });
}

function pageNumbers(c: Context, x: number, y: number, align: Align): void {
  const total = c.w.pages.length;
  if (total < 2) return;
  c.w.pages.forEach((page, i) => {
    c.w.text(c.l.page(i + 1, total), x, y, { size: 8, align, color: grey }, page);
  });
}

// ---------------------------------------------------------------------------------------------
// The seven layouts.

function nlClassic(c: Context): void {
  const { w, spec, l } = c;
  supplierBlock(c, margin, pageHeight - 70, 'left', false);
  w.text(l.title[spec.documentType], right, pageHeight - 70, { size: 22, bold: true, align: 'right' });
  customerBlock(c, margin, pageHeight - 190, false);
  metaPairs(c, metaRows(c, true), 330, pageHeight - 190, 95);
  const afterTable = linesTable(c, pageHeight - 330, standardColumns, {
    shaded: false,
    continuationTop: pageHeight - 90,
    bottom: 110,
  });
  const afterTotals = totalsBlock(c, afterTable, {
    labelX: 360,
    withBase: false,
    toPay: false,
    boxed: false,
    bottom: 150,
  });
  paymentBlock(c, afterTotals - 10, false);
  for (const page of w.pages) footerLine(c, page);
  pageNumbers(c, right, pageHeight - 30, 'right');
}

function nlHeaderRight(c: Context): void {
  const { w, spec, l } = c;
  w.box(margin, pageHeight - 110, 70, 70, rgb(0.2, 0.4, 0.6));
  w.text(spec.supplier.name.charAt(0), margin + 35, pageHeight - 90, {
    size: 40,
    bold: true,
    align: 'center',
    color: rgb(1, 1, 1),
  });
  supplierBlock(c, right, pageHeight - 55, 'right', false);
  customerBlock(c, margin, pageHeight - 170, true);
  w.text(l.title[spec.documentType], margin, pageHeight - 270, { size: 18, bold: true });
  const afterMeta = metaColumns(c, metaRows(c, true), pageHeight - 300);
  const afterTable = linesTable(c, afterMeta - 14, standardColumns, {
    shaded: true,
    continuationTop: pageHeight - 90,
    bottom: 130,
  });
  const afterTotals = totalsBlock(c, afterTable, {
    labelX: 330,
    withBase: true,
    toPay: true,
    boxed: false,
    bottom: 170,
  });
  paymentBlock(c, afterTotals - 8, false);
  for (const page of w.pages) footerColumns(c, page);
  pageNumbers(c, pageWidth / 2, 20, 'center');
}

function beNl(c: Context): void {
  const { w, spec, l } = c;
  supplierBlock(c, margin, pageHeight - 60, 'left', true);
  customerBlock(c, 320, pageHeight - 150, false);
  w.text(`${l.title[spec.documentType]} ${spec.invoiceNumber}`, margin, pageHeight - 250, { size: 16, bold: true });
  metaPairs(c, metaRows(c, false).slice(1), margin, pageHeight - 272, 110);
  const afterTable = linesTable(c, pageHeight - 370, standardColumns, {
    shaded: false,
    continuationTop: pageHeight - 80,
    bottom: 110,
  });
  const afterTotals = totalsBlock(c, afterTable, {
    labelX: 350,
    withBase: false,
    toPay: true,
    boxed: true,
    bottom: 170,
  });
  paymentBlock(c, afterTotals - 8, true);
  for (const page of w.pages) footerLine(c, page);
  pageNumbers(c, right, 20, 'right');
}

function beFr(c: Context): void {
  const { w, spec, l } = c;
  supplierBlock(c, right, pageHeight - 60, 'right', true);
  w.text(l.title[spec.documentType], margin, pageHeight - 60, { size: 20, bold: true });
  customerBlock(c, margin, pageHeight - 160, true);
  const afterGrid = metaGrid(c, metaRows(c, false), 320, pageHeight - 160, right - 320);
  const afterTable = linesTable(c, Math.min(afterGrid, pageHeight - 280) - 20, standardColumns, {
    shaded: true,
    continuationTop: pageHeight - 80,
    bottom: 110,
  });
  const afterTotals = totalsBlock(c, afterTable, {
    labelX: 350,
    withBase: false,
    toPay: true,
    boxed: false,
    bottom: 170,
  });
  paymentBlock(c, afterTotals - 8, true);
  for (const page of w.pages) footerLine(c, page);
  pageNumbers(c, pageWidth / 2, 20, 'center');
}

function enModern(c: Context): void {
  const { w, spec, l } = c;
  w.text(l.title[spec.documentType], margin, pageHeight - 75, { size: 26, bold: true, color: rgb(0.15, 0.3, 0.5) });
  supplierBlock(c, right, pageHeight - 60, 'right', true);
  customerBlock(c, margin, pageHeight - 180, true);
  metaPairs(c, metaRows(c, true), 330, pageHeight - 180, 105);
  const afterTable = linesTable(c, pageHeight - 330, standardColumns, {
    shaded: true,
    continuationTop: pageHeight - 80,
    bottom: 110,
  });
  const afterTotals = totalsBlock(c, afterTable, {
    labelX: 350,
    withBase: false,
    toPay: true,
    boxed: true,
    bottom: 150,
  });
  paymentBlock(c, afterTotals - 10, false);
  for (const page of w.pages) footerLine(c, page);
  pageNumbers(c, right, pageHeight - 30, 'right');
}

function nlMono(c: Context): void {
  const { w, spec, l } = c;
  const s = spec.supplier;
  let cursor = pageHeight - 60;
  for (const row of [s.name.toUpperCase(), s.street, `${s.postcode} ${s.city.toUpperCase()}`]) {
    w.text(row, margin, cursor, { size: 10, bold: row === s.name.toUpperCase() });
    cursor -= 12;
  }
  w.text('='.repeat(78), margin, cursor, { size: 7.5 });
  customerBlock(c, 320, pageHeight - 130, false);
  w.text(l.title[spec.documentType], margin, pageHeight - 130, { size: 14, bold: true });
  metaPairs(c, metaRows(c, true), margin, pageHeight - 150, 110, true);
  const afterTable = linesTable(c, pageHeight - 300, standardColumns, {
    shaded: false,
    continuationTop: pageHeight - 80,
    bottom: 110,
  });
  const afterTotals = totalsBlock(c, afterTable, {
    labelX: 330,
    withBase: false,
    toPay: false,
    boxed: false,
    bottom: 150,
  });
  paymentBlock(c, afterTotals - 8, false);
  for (const page of w.pages) {
    w.text(
      `${companyLabel(c, s)} ${companyValue(s)}  ${l.vatNumber} ${vatValue(s)}  IBAN ${s.iban}  BIC ${s.bic}`,
      margin,
      36,
      { size: 7.5 },
      page,
    );
  }
  pageNumbers(c, right, pageHeight - 40, 'right');
}

function sidebar(c: Context): void {
  const { w, spec, l } = c;
  const s = spec.supplier;
  const paint = () => {
    w.page.drawRectangle({ x: 0, y: 0, width: 175, height: pageHeight, color: rgb(0.93, 0.93, 0.9) });
    let cursor = pageHeight - 70;
    w.text(s.name, 25, cursor, { size: s.name.length > 24 ? 10 : 12, bold: true });
    cursor -= 24;
    const rows: [string, string][] = [
      ['Adres', `${s.street}\n${s.postcode} ${s.city}`],
      [l.phone, s.phone],
      ['E-mail', s.email],
      [companyLabel(c, s), companyValue(s)],
      [l.vatNumber, vatValue(s)],
      ['IBAN', printedIban(s.iban)],
      ['BIC', s.bic],
    ];
    for (const [label, value] of rows) {
      w.text(label, 25, cursor, { size: 7, color: grey });
      cursor -= 11;
      for (const part of value.split('\n')) {
        w.text(part, 25, cursor, { size: 8.5 });
        cursor -= 11;
      }
      cursor -= 6;
    }
  };
  paint();
  w.text(l.title[spec.documentType], 200, pageHeight - 70, { size: 20, bold: true });
  customerBlock(c, 200, pageHeight - 110, true);
  metaPairs(c, metaRows(c, true), 200, pageHeight - 210, 110);
  const pagesBefore = w.pages.length;
  const afterTable = linesTable(c, pageHeight - 330, narrowColumns, {
    shaded: false,
    continuationTop: pageHeight - 80,
    bottom: 80,
  });
  const afterTotals = totalsBlock(c, afterTable, {
    labelX: 360,
    withBase: false,
    toPay: true,
    boxed: false,
    bottom: 120,
  });
  paymentIn(c, afterTotals - 8);
  // Later pages get the sidebar too; it sits left of the table, so painting it last hides nothing.
  const current = w.page;
  for (const page of w.pages.slice(pagesBefore)) {
    w.page = page;
    paint();
  }
  w.page = current;
  pageNumbers(c, right, 20, 'right');
}

// The sidebar layout prints its payment text in the narrower right-hand column.
function paymentIn(c: Context, y: number): number {
  const { spec, l } = c;
  if (spec.documentType === 'credit-note') {
    return wrap(c, l.creditText, 200, y, right - 200, 8.5);
  }
  const reference = spec.paymentReference ? printedPaymentReference(spec.paymentReference) : '';
  const terms = l.terms(
    spec.paymentTermDays ?? 30,
    c.date(spec.dueDate ?? spec.invoiceDate),
    printedIban(spec.supplier.iban),
    reference,
  );
  return wrap(
    c,
    terms,
    200,
    spec.reverseCharge ? wrap(c, l.reverseCharge, 200, y, right - 200, 8.5) : y,
    right - 200,
    8.5,
  );
}

const painters: Readonly<Record<LayoutId, (c: Context) => void>> = {
  'nl-classic': nlClassic,
  'nl-header-right': nlHeaderRight,
  'be-nl': beNl,
  'be-fr': beFr,
  'en-modern': enModern,
  'nl-mono': nlMono,
  sidebar,
};

const fonts = {
  Helvetica: [StandardFonts.Helvetica, StandardFonts.HelveticaBold],
  Times: [StandardFonts.TimesRoman, StandardFonts.TimesRomanBold],
  Courier: [StandardFonts.Courier, StandardFonts.CourierBold],
} as const;

/** Draws `spec` in `layout` into `doc` (a fresh document unless given, as Factur-X needs). */
export async function drawInvoice(doc: PDFDocument, spec: InvoiceSpec, layoutId: LayoutId): Promise<void> {
  const layout = layouts[layoutId];
  const [regularName, boldName] = fonts[layout.font];
  const w = new Writer(doc, await doc.embedFont(regularName), await doc.embedFont(boldName));
  const context: Context = {
    w,
    spec,
    layout,
    l: labels[spec.language],
    date: (iso) => formatDate(iso, layout.dateStyle, spec.language),
    amount: (cents) => formatAmount(cents, layout.amountStyle),
  };
  painters[layoutId](context);
  doc.setTitle(`${labels[spec.language].title[spec.documentType]} ${spec.invoiceNumber}`);
  doc.setProducer('samenwerken invoice generator');
  doc.setCreationDate(new Date(`${spec.invoiceDate}T09:00:00Z`));
  doc.setModificationDate(new Date(`${spec.invoiceDate}T09:00:00Z`));
}

/** A text PDF of `spec` in one of the seven layouts, made with pdf-lib's standard fonts. */
export async function renderTextPdf(spec: InvoiceSpec, layoutId: LayoutId): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  await drawInvoice(doc, spec, layoutId);
  return doc.save();
}
