import { beforeAll, describe, expect, it } from 'vitest';
import {
  completeDocumentAnalysis,
  type DocumentRef,
  type IntakeDocument,
  processDocument,
  type RecognitionFlowDeps,
  readDocument,
  recognitionLinesKey,
  recordDocument,
} from '#packages/intake';
import { newId, systemClock } from '#packages/kernel';
import {
  type AnalysisOutcome,
  type PdfReading,
  type RecognitionResult,
  recogniseDocument,
  splitPdf,
} from '#packages/recognition';
import type { Table } from '#packages/table';
import type { Administration } from '#packages/tenancy';
import { type HostilePdf, hostilePdfs } from '../../helpers/hostile-pdfs.ts';
import { freshTable } from '../../helpers/table.ts';

let table: Table;
const firmId = 'firm-flow';
const administration = (plan: Administration['plan']): Administration => ({
  id: `adm-${plan}`,
  firmId,
  legalName: 'Bakkerij Jansen BV',
  country: 'BE',
  vatNumber: 'BE0403170701',
  peppolParticipantIds: [],
  plan,
  addOns: [],
  inboundEmailAddress: 'x@in.test',
  allowedSenders: [],
  clientUserCount: 0,
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const result: RecognitionResult = {
  source: 'textract',
  documentType: { value: 'invoice', confidence: 0.9 },
  supplier: { name: { value: 'Drukkerij Vanhoutte BV', confidence: 0.9 } },
  customer: {},
  totals: { gross: { value: 12100, confidence: 0.9 } },
  vatBreakdown: [],
  lines: [],
  issues: [],
};

/** Deps whose engine and proposal maker are scripted; the table is DynamoDB Local. */
function flow(outcome: AnalysisOutcome, proposed: string[] = []): RecognitionFlowDeps {
  return {
    table,
    clock: systemClock,
    readObject: async () => new Uint8Array([1]),
    putObject: async () => undefined,
    administration: async (_firm, id) => administration(id === 'adm-standaard' ? 'standaard' : 'samenwerken'),
    split: async (bytes) => [{ fromPage: 1, toPage: 1, bytes }],
    analyse: async () => outcome,
    propose: async (_adm, document) => {
      proposed.push(document.id);
      return { proposalId: `p-${document.id}` };
    },
    enqueue: async () => undefined,
  };
}

/** Deps that read documents as the local engine does: split first, then recognise. */
function localEngine(bytes: Uint8Array, proposed: string[]): RecognitionFlowDeps {
  return {
    ...flow({ status: 'done', result }, proposed),
    readObject: async () => bytes,
    split: async (pdf) => (await splitPdf(pdf)).parts,
    analyse: async (document, pdf, _own, _pages, reading) => ({
      status: 'done',
      result: await recogniseDocument({ bytes: pdf, fileName: document.fileName }, reading ? { read: reading } : {}),
    }),
  };
}

async function received(administrationId = 'adm-samenwerken', kind: 'image' | 'pdf' = 'image'): Promise<DocumentRef> {
  const id = newId().toLowerCase();
  const fileName = kind === 'pdf' ? 'scan.pdf' : 'bon.jpg';
  const document: IntakeDocument = {
    id,
    administrationId,
    source: 'upload',
    kind,
    fileName,
    contentType: kind === 'pdf' ? 'application/pdf' : 'image/jpeg',
    size: 1,
    sha256: id,
    objectKey: `documents/${id}/${fileName}`,
    rawKey: `raw/upload/${id}`,
    status: 'received',
    receivedAt: new Date().toISOString(),
  };
  await recordDocument(table, firmId, document);
  return { firmId, administrationId, documentId: id };
}

beforeAll(async () => {
  ({ table } = await freshTable());
});

describe('the recognition flow', () => {
  it('waits for an asynchronous analysis and makes the proposal when its completion arrives', async () => {
    const ref = await received();
    const proposed: string[] = [];
    const deps = flow({ status: 'pending', jobId: `job-${ref.documentId}` }, proposed);
    expect(await processDocument(deps, ref)).toEqual({ outcome: 'recognising', jobId: `job-${ref.documentId}` });
    expect((await readDocument(table, ref)).status).toBe('recognising');

    const done = await completeDocumentAnalysis(deps, {
      jobId: `job-${ref.documentId}`,
      succeeded: true,
      collect: async () => result,
    });
    expect(done).toEqual({ outcome: 'proposed', proposalId: `p-${ref.documentId}` });
    expect(await readDocument(table, ref)).toMatchObject({ status: 'proposed', recognition: { source: 'textract' } });

    // The same notice again: the document has moved on, nothing is proposed twice.
    const again = await completeDocumentAnalysis(deps, {
      jobId: `job-${ref.documentId}`,
      succeeded: true,
      collect: async () => result,
    });
    expect(again).toEqual({ outcome: 'skipped', status: 'proposed' });
    expect(proposed).toEqual([ref.documentId]);
  });

  it('rejects the document, with the reason, when the analysis failed', async () => {
    const ref = await received();
    const deps = flow({ status: 'pending', jobId: `job-${ref.documentId}` });
    await processDocument(deps, ref);
    await completeDocumentAnalysis(deps, {
      jobId: `job-${ref.documentId}`,
      succeeded: false,
      collect: async () => result,
    });
    expect(await readDocument(table, ref)).toMatchObject({
      status: 'rejected',
      rejection: { reason: 'ANALYSIS_FAILED' },
    });
  });

  it('ignores a completion notice for a job it never started', async () => {
    const deps = flow({ status: 'done', result });
    expect(
      await completeDocumentAnalysis(deps, { jobId: 'unknown', succeeded: true, collect: async () => result }),
    ).toBeUndefined();
  });

  it('files a Standaard administration’s document without reading it', async () => {
    const ref = await received('adm-standaard');
    const outcome = await processDocument(flow({ status: 'done', result }), ref);
    expect(outcome).toMatchObject({ outcome: 'filed' });
    expect((await readDocument(table, ref)).note).toMatch(/^PLAN_EXCLUDES_PROPOSALS/);
  });

  it('rejects a document from which nothing was read with reason NOTHING_READ, and makes no proposal to meter', async () => {
    const ref = await received();
    const proposed: string[] = [];
    const nothing: RecognitionResult = {
      source: 'ocr',
      documentType: { value: 'invoice', confidence: 0.5 },
      supplier: {},
      customer: {},
      totals: {},
      vatBreakdown: [],
      lines: [],
      issues: [],
    };

    const outcome = await processDocument(flow({ status: 'done', result: nothing }, proposed), ref);

    expect(outcome).toEqual({ outcome: 'rejected', reason: 'NOTHING_READ' });
    expect(await readDocument(table, ref)).toMatchObject({ status: 'rejected', rejection: { reason: 'NOTHING_READ' } });
    expect(proposed).toEqual([]);
  });

  it.each<[string, string, HostilePdf]>([
    ['a 20 000 × 20 000 image', 'IMAGE_TOO_LARGE', 'hugeImage'],
    ['a looping page tree', 'BAD_DOCUMENT', 'loopingPageTree'],
    ['a 200 × 200 inch page', 'PAGE_TOO_LARGE', 'enormousPage'],
    ['100 000 declared pages around one', 'DOCUMENT_TOO_LARGE', 'hundredThousandPages'],
  ])(
    'rejects a PDF with %s within seconds, with reason %s on the document and no proposal',
    async (_, reason, kind) => {
      const ref = await received('adm-samenwerken', 'pdf');
      const proposed: string[] = [];
      const started = Date.now();

      const outcome = await processDocument(localEngine(await hostilePdfs[kind](), proposed), ref);

      expect(outcome).toEqual({ outcome: 'rejected', reason });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(await readDocument(table, ref)).toMatchObject({ status: 'rejected', rejection: { reason } });
      expect(proposed).toEqual([]);
    },
  );

  it('hands the pages read while splitting to the analysis, so they are not read again', async () => {
    const ref = await received('adm-samenwerken', 'pdf');
    const reading: PdfReading = { pages: [], ocr: true, unread: false, issues: [] };
    const handed: (PdfReading | undefined)[] = [];
    const deps: RecognitionFlowDeps = {
      ...flow({ status: 'done', result }),
      split: async (bytes) => [{ fromPage: 1, toPage: 2, bytes, reading }],
      analyse: async (_document, _bytes, _own, _pages, read) => {
        handed.push(read);
        return { status: 'done', result };
      },
    };

    await processDocument(deps, ref);

    expect(handed).toEqual([reading]);
  });

  it('proposes an XML document with all the lines kept beside it, without writing them again', async () => {
    const id = newId().toLowerCase();
    const lines = Array.from({ length: 5000 }, (_, i) => ({ description: `Regel ${i + 1}`, net: 100 }));
    const recognitionLines = {
      key: recognitionLinesKey(firmId, 'adm-samenwerken', id),
      count: lines.length,
    };
    await recordDocument(table, firmId, {
      id,
      administrationId: 'adm-samenwerken',
      source: 'peppol',
      kind: 'xml',
      fileName: 'invoice.xml',
      contentType: 'application/xml',
      size: 1,
      sha256: id,
      objectKey: `documents/${id}/invoice.xml`,
      rawKey: `raw/peppol/${id}`,
      status: 'received',
      recognition: { ...result, source: 'ubl', lines: lines.slice(0, 50) },
      recognitionLines,
      receivedAt: new Date().toISOString(),
    });
    const ref = { firmId, administrationId: 'adm-samenwerken', documentId: id };
    const written: string[] = [];
    let proposedLines = 0;
    const deps: RecognitionFlowDeps = {
      ...flow({ status: 'done', result }),
      readObject: async (key) => {
        if (key !== recognitionLines.key) throw new Error(`read ${key}`);
        return Buffer.from(JSON.stringify(lines));
      },
      putObject: async (key) => {
        written.push(key);
      },
      propose: async (_adm, document, recognition) => {
        expect(document.recognitionLines).toEqual(recognitionLines);
        proposedLines = recognition.lines.length;
        return { proposalId: `p-${document.id}` };
      },
    };

    const outcome = await processDocument(deps, ref);

    expect(outcome).toEqual({ outcome: 'proposed', proposalId: `p-${id}` });
    expect(proposedLines).toBe(5000);
    expect(written).toEqual([]);
    const after = await readDocument(table, ref);
    expect(after).toMatchObject({ status: 'proposed', recognitionLines });
    expect(after.recognition?.lines).toHaveLength(50);
  });

  it('takes a document once: a redelivered message finds it handled', async () => {
    const ref = await received();
    const proposed: string[] = [];
    const deps = flow({ status: 'done', result }, proposed);
    const outcomes = await Promise.allSettled([processDocument(deps, ref), processDocument(deps, ref)]);
    expect(outcomes.some((o) => o.status === 'fulfilled' && o.value.outcome === 'proposed')).toBe(true);
    expect(await processDocument(deps, ref)).toEqual({ outcome: 'skipped', status: 'proposed' });
  });
});
