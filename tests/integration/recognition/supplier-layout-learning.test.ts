import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentItem, type IntakeDocument } from '#packages/intake';
import { type BookingProposal, learnFromCorrection } from '#packages/proposals';
import {
  agreedConfidence,
  readPageLayout,
  recogniseDocument,
  recogniseWithLearning,
  supplierLayoutLookup,
} from '#packages/recognition';
import type { Table } from '#packages/table';
import { freshTable } from '../../helpers/table.ts';

const firmId = 'firm-layouts';
const administrationId = 'adm-layouts';
const clock = () => new Date('2025-03-10T09:00:00.000Z');

/** A supplier that prints its invoice number after "Volgcode", a label no generic reader knows. */
async function supplierInvoice(number: string, date: string, gross: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([595, 842]);
  const text = (value: string, x: number, top: number) => page.drawText(value, { x, y: 842 - top, size: 10, font });
  text('Drukkerij Van Dam B.V.', 40, 60);
  text('Havenstraat 12, 3011 AB Rotterdam', 40, 74);
  text('BTW-nummer NL004495445B01', 40, 88);
  text('IBAN NL91 ABNA 0417 1643 00', 40, 102);
  text('Bakkerij De Korenschoof', 40, 160);
  text('Molenweg 3, 1234 AB Utrecht', 40, 174);
  text('Volgcode', 360, 160);
  text(number, 440, 160);
  text('Datum', 360, 174);
  text(date, 440, 174);
  text('Drukwerk folders', 40, 260);
  text('Subtotaal', 360, 320);
  text('100,00', 480, 320);
  text('BTW 21%', 360, 334);
  text('21,00', 480, 334);
  text('Totaal', 360, 348);
  text(gross, 480, 348);
  return pdf.save();
}

let table: Table;

beforeAll(async () => {
  ({ table } = await freshTable());
});

describe('learning supplier layouts from corrections', () => {
  it("reads a supplier's next document with the invoice number the accountant corrected on its previous one", async () => {
    const first = await supplierInvoice('VD-2025-0117', '03-03-2025', '121,00');
    const input = { bytes: first, fileName: 'first.pdf', contentType: 'application/pdf' };
    const read = await recogniseDocument(input);
    const document: IntakeDocument = {
      id: 'doc-first',
      administrationId,
      source: 'upload',
      kind: 'pdf',
      fileName: 'first.pdf',
      contentType: 'application/pdf',
      size: first.length,
      sha256: 'a'.repeat(64),
      objectKey: 'documents/doc-first.pdf',
      rawKey: 'raw/doc-first.pdf',
      status: 'proposed',
      recognition: read,
      receivedAt: '2025-03-10T08:00:00.000Z',
    };
    await table.doc.send(new PutCommand({ TableName: table.name, Item: documentItem(firmId, document) }));
    // The accountant's correction: the number the engine did not read, on the proposal of that document.
    const corrected = {
      side: 'purchase',
      documentId: document.id,
      header: { invoiceNumber: 'VD-2025-0117', invoiceDate: '2025-03-03', currency: 'EUR', confidence: 1 },
      totals: { net: 10_000, vat: 2_100, gross: 12_100 },
      relation: { matchedBy: 'vatNumber', confidence: 1, relationName: 'Drukkerij Van Dam B.V.' },
    } as unknown as BookingProposal;
    const storedPages = new Map([[document.objectKey, await readPageLayout(first)]]);

    const learnt = await learnFromCorrection(
      { table, clock, readPages: async (key) => storedPages.get(key) ?? [] },
      { firmId, id: administrationId },
      corrected,
    );
    const next = {
      bytes: await supplierInvoice('VD-2025-0342', '17-03-2025', '121,00'),
      fileName: 'next.pdf',
      contentType: 'application/pdf',
    };
    const generic = await recogniseDocument(next);
    const withLearning = await recogniseWithLearning(next, {}, supplierLayoutLookup(table, firmId, administrationId));
    const otherAdministration = await recogniseWithLearning(next, {}, supplierLayoutLookup(table, firmId, 'adm-other'));

    expect(read.invoiceNumber?.value).not.toBe('VD-2025-0117');
    expect(learnt?.fields.invoiceNumber).toMatchObject({ anchor: { text: 'volgcode', place: 'left' } });
    expect(generic.invoiceNumber?.value).not.toBe('VD-2025-0342');
    expect(withLearning.invoiceNumber).toEqual({ value: 'VD-2025-0342', confidence: agreedConfidence });
    expect(otherAdministration.invoiceNumber).toEqual(generic.invoiceNumber);
  });
});
