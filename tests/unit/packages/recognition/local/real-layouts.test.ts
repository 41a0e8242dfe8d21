import { describe, expect, it } from 'vitest';
import { extractInvoiceFields } from '#packages/recognition';
import { dateOrderOf } from '../../../../../packages/recognition/local/extract-invoice-fields.ts';
import { type Page, pageText } from './documents.ts';

const read = (page: Page) => extractInvoiceFields([pageText(page)], { source: 'pdf-text' });

/** An English rendering by French software: dates month first, shown by a payment on 11/17. */
function monthFirstInvoice(): Page {
  return [
    ['Atelier Lumière SARL - 12 rue des Lilas - 69001 Lyon - France', 50, 40],
    ['TVA : FR11999999998 - SIRET : 99999999800010', 50, 52],
    ['Invoice FA-2025-0008', 50, 100, 16],
    ['Invoice Date', 50, 144],
    ['11/03/2025', 200, 144],
    ['Due Date', 50, 158],
    ['12/03/2025', 200, 158],
    ['Net total', 350, 300],
    ['2,076.76 €', 480, 300],
    ['Tax Total', 350, 314],
    ['0.00 €', 480, 314],
    ['Total', 350, 328],
    ['2,076.76 €', 480, 328],
    ['SEPA Wire transfer 11/17/2025 623.00 €', 50, 360],
  ];
}

/** A credit note titled "Avoir" that names the invoice it corrects. */
function creditNoteWithLinkedInvoice(): Page {
  return [
    ['Atelier Lumière SARL - 12 rue des Lilas - 69001 Lyon - France', 50, 40],
    ['TVA : FR11999999998', 50, 52],
    ['Avoir AV-2025-0005', 50, 100, 16],
    ['Date de facture', 50, 144],
    ['16/11/2025', 200, 144],
    ['Facture liée', 50, 158],
    ['FA-2025-0010', 200, 158],
    ['Total HT', 350, 300],
    ['-218,48 €', 480, 300],
    ['Total TTC', 350, 328],
    ['-218,48 €', 480, 328],
  ];
}

/** A self-billed credit note: seller and buyer as "Label: | value" blocks, the buyer's VAT last. */
function selfBilledCreditNote(): Page {
  return [
    ['Gutschrift (Selbst ausgestellte Rechnung) (389) Nr. 471102 vom 05.03.2025', 50, 50, 14],
    ['Verkäufer', 50, 160],
    ['Name:', 50, 174],
    ['Lieferant GmbH', 160, 174],
    ['Anschrift:', 50, 188],
    ['Lieferantenstraße 20', 160, 188],
    ['DE 80333 München', 160, 202],
    ['USt.-Id.-Nr.:', 50, 216],
    ['DE123456789', 160, 216],
    ['Käufer/Leistungsempfänger', 50, 260],
    ['Nummer:', 50, 274],
    ['GE2020211', 160, 274],
    ['Name:', 50, 288],
    ['Kunden AG Mitte', 160, 288],
    ['Anschrift:', 50, 302],
    ['Kundenstraße 15', 160, 302],
    ['DE 69876 Frankfurt', 160, 316],
    ['USt.-Id.-Nr.:', 50, 330],
    ['DE136695976', 160, 330],
    ['Rechnungssumme ohne USt.', 300, 450],
    ['473,00', 480, 450],
    ['Steuerbetrag', 300, 464],
    ['56,87', 480, 464],
    ['Bruttosumme', 300, 478],
    ['529,87', 480, 478],
  ];
}

describe('extractInvoiceFields on real layouts', () => {
  it('reads numeric dates month first when another date on the page can only be month first', () => {
    const result = read(monthFirstInvoice());

    expect(result.invoiceDate?.value).toBe('2025-11-03');
    expect(result.dueDate?.value).toBe('2025-12-03');
  });

  it('reads numeric dates month first when only that makes the due date the invoice date plus the term', () => {
    const page = monthFirstInvoice()
      .filter(([text]) => !text.startsWith('SEPA'))
      .concat([['Payment terms: 30 days', 50, 172]]);

    expect(read(page).dueDate?.value).toBe('2025-12-03');
  });

  it('keeps numeric dates day first when nothing on the page says otherwise', () => {
    const page = monthFirstInvoice().filter(([text]) => !text.startsWith('SEPA'));

    expect(read(page).invoiceDate?.value).toBe('2025-03-11');
  });

  it('reads numeric dates month first on a dollar receipt', () => {
    const page: Page = [
      ['MEGA MARKET PLUS', 50, 40, 14],
      ['12/07/2019 14:31', 50, 80],
      ['SUBTOTAL', 50, 300],
      ['$1699.96', 300, 300],
      ['TOTAL', 50, 320],
      ['$1810.46', 300, 320],
    ];

    expect(read(page).invoiceDate?.value).toBe('2019-12-07');
  });

  it("reads a credit note's own number after 'Avoir', not the linked invoice's", () => {
    expect(read(creditNoteWithLinkedInvoice()).invoiceNumber?.value).toBe('AV-2025-0005');
  });

  it("takes the seller's VAT number on a self-billed credit note, the buyer's block reaching its last field", () => {
    const result = read(selfBilledCreditNote());

    expect(result.supplier.vatNumber?.value).toBe('DE123456789');
  });

  it("reads a due date after 'Please remit until'", () => {
    const page: Page = [
      ['Bei Spiel GmbH', 50, 40, 14],
      ['Invoice # RE-20250610/507 issued at 2025-06-10', 50, 120],
      ['Net total: 496.00 €', 50, 300],
      ['VAT total: 75.04 €', 50, 314],
      ['Due payable: 571.04 €', 50, 328],
      ['Please remit until 2025-07-01.', 50, 400],
    ];

    expect(read(page).dueDate?.value).toBe('2025-07-01');
  });
});

/** A German insurer's invoice as a stylesheet renders it: "Label : value" blocks, names over two lines. */
function insurerInvoice(): Page {
  return [
    ['Rechnung des Versicherers Nr. 01.234.567.8-2025-1 vom', 50, 139, 12],
    ['06.12.2025', 50, 155, 12],
    ['Stylesheet-Version: 2.0 vom 18.10.2024', 50, 180],
    ['Verkäufer:', 50, 301],
    ['Nummer : 549910', 50, 312],
    ['MVM Musterhafter', 50, 323],
    ['Versicherungsverein Musterstadt a.G.', 50, 334],
    ['Musterstr. 12', 50, 357],
    ['DE 12345 Musterstadt', 50, 368],
    ['Käufer:', 50, 413],
    ['Herrn', 50, 436],
    ['Max Mustermann', 50, 447],
    ['Musterstr. 11', 50, 469],
    ['DE 12346 Bad Musterhausen', 50, 481],
    ['IBAN', 50, 600],
    [': DE12 1234 4321 9876 00', 120, 600],
    ['Summe netto', 300, 700],
    ['50,00', 480, 700],
    ['Gesamtbetrag', 300, 714],
    ['50,00', 480, 714],
  ];
}

describe('extractInvoiceFields on a German insurer invoice', () => {
  it("reads the date after a title's 'vom' from the next line", () => {
    expect(read(insurerInvoice()).invoiceDate?.value).toBe('2025-12-06');
  });

  it('joins a supplier name printed over two lines, the second carrying the legal form', () => {
    expect(read(insurerInvoice()).supplier.name?.value).toBe('MVM Musterhafter Versicherungsverein Musterstadt a.G.');
  });

  it("reads the customer after 'Herrn' with the salutation, as printed", () => {
    expect(read(insurerInvoice()).customer.name?.value).toBe('Herrn Max Mustermann');
  });

  it("reads an IBAN whose label's colon opens the value's column, at low confidence when its check fails", () => {
    const iban = read(insurerInvoice()).supplier.iban;

    expect(iban?.value).toBe('DE1212344321987600');
    expect(iban?.confidence).toBeLessThan(0.5);
  });
});

/** A Hungarian fuel-card invoice: the customer's VAT number first, the supplier's in the footer. */
function hungarianInvoice(): Page {
  return [
    ['E-SZÁMLA /', 40, 39, 14],
    ['Ügyf. közösségi/nemzeti adószám /', 467, 108],
    ['53123 Bonn', 467, 119],
    ['Ku.-USt-Id/Nat.St.Nr.:', 520, 119],
    ['DE242688168', 640, 119],
    ['Számlaszám HU / Rechnungsnummer: 21/001003559/996', 601, 157],
    ['Pénznem: HUF', 41, 207],
    ['DKV közösségi adószám: HU30048650', 40, 538],
  ];
}

/** Values of two lines centred on their label: the first line sits above the "Name:" row. */
function centredValuesInvoice(): Page {
  return [
    ['Rechnung des Versicherers (575) Nr. 01.234.567.8-2025-1 vom 06.12.2025', 65, 49, 12],
    ['Verkäufer', 70, 160],
    ['Nummer:', 70, 177],
    ['549910', 261, 177],
    ['MVM Musterhafter', 261, 195],
    ['Name:', 70, 207],
    ['Versicherungsverein Musterstadt a.G.', 261, 207],
    ['Anschrift:', 70, 237],
    ['Musterstr. 12', 261, 237],
    ['Käufer/Leistungsempfänger', 70, 325],
    ['Herrn', 261, 342],
    ['Name:', 70, 354],
    ['Max Mustermann', 261, 354],
    ['Anschrift:', 70, 384],
    ['Musterstr. 11', 261, 384],
    ['Gesamtbetrag', 300, 600],
    ['50,00', 480, 600],
  ];
}

describe('extractInvoiceFields on values centred on their labels', () => {
  it("joins the supplier name's line above the 'Name:' row to the value beside it", () => {
    expect(read(centredValuesInvoice()).supplier.name?.value).toBe(
      'MVM Musterhafter Versicherungsverein Musterstadt a.G.',
    );
  });

  it("puts the salutation printed above the customer's 'Name:' value before the name", () => {
    expect(read(centredValuesInvoice()).customer.name?.value).toBe('Herrn Max Mustermann');
  });
});

describe('extractInvoiceFields on customer blocks', () => {
  it('reads the addressee under the sender line of a window envelope as the customer', () => {
    const page: Page = [
      ['Bei Spiel GmbH', 451, 121, 12],
      ['Bei Spiel GmbH ● Ecke 12 ● 12345 Stadthausen', 101, 153, 7],
      ['12345 Stadthausen', 451, 153],
      ['Theodor Est', 71, 168],
      ['fon (555) 23 87 -0', 451, 168],
      ['Bahnstr. 42', 71, 183],
      ['88802 Spielkreis', 71, 198],
      ['Rechnung # RE-20250519/499 vom 19.05.2025', 57, 438],
      ['USt-ID: DE136695976', 429, 718],
    ];

    const result = read(page);

    expect(result.customer.name?.value).toBe('Theodor Est');
    expect(result.supplier.name?.value).toBe('Bei Spiel GmbH');
  });

  it("keeps a block going past 'Nummer | : 75969813' to the customer's name", () => {
    const page: Page = [
      ['Handelsrechnung Nr. 47110815 vom 31.10.2025', 50, 96, 12],
      ['Käufer/Leistungsempfänger:', 50, 418],
      ['Nummer', 50, 430],
      [': 75969813', 134, 430],
      ['Metallbau Leipzig GmbH & Co. KG', 50, 441],
      ['Pappelallee 15', 50, 452],
    ];

    expect(read(page).customer.name?.value).toBe('Metallbau Leipzig GmbH & Co. KG');
  });
});

describe('extractInvoiceFields on a Hungarian invoice', () => {
  it("takes the currency its label names ('Pénznem: HUF')", () => {
    expect(read(hungarianInvoice()).currency?.value).toBe('HUF');
  });

  it("takes the supplier's 'közösségi adószám', not the customer's number labelled in the column before it", () => {
    const result = read(hungarianInvoice());

    expect(result.supplier.vatNumber?.value).toBe('HU30048650');
    expect(result.customer.vatNumber?.value).toBe('DE242688168');
  });
});

describe('dateOrderOf', () => {
  it('is day first for 31/01/2025, month first for 01/31/2025, and undecided when both occur or neither tells', () => {
    expect(dateOrderOf(['31/01/2025'])).toBe('dmy');
    expect(dateOrderOf(['on 01/31/2025'])).toBe('mdy');
    expect(dateOrderOf(['31/01/2025', '01/31/2025'])).toBeUndefined();
    expect(dateOrderOf(['03/04/2025'])).toBeUndefined();
  });
});
