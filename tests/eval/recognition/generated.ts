import {
  generateInvoiceSpec,
  groundTruthOf,
  headerFields,
  hintsOf,
  type InvoiceSpec,
  type LayoutId,
  layoutIds,
  layouts,
  renderFacturX,
  renderScan,
  renderTextPdf,
  renderUbl,
  type ScanFormat,
} from '../../helpers/invoices/index.ts';
import type { EvalCase } from './cases.ts';

export const sourceTypes = ['text-pdf', 'scan', 'ubl', 'factur-x'] as const;
export type SourceType = (typeof sourceTypes)[number];

/**
 * Documents per source type when `--count` is not given: every layout 20 times as text, 6 times
 * as a scan, 10 times as Factur-X. The whole run, shared corpora included, takes about three
 * minutes on two cores; OCR of the scans and receipts is most of it.
 */
export const defaultCounts: Readonly<Record<SourceType, number>> = {
  'text-pdf': 140,
  scan: 42,
  ubl: 100,
  'factur-x': 70,
};

const seedOffset: Readonly<Record<SourceType, number>> = {
  'text-pdf': 0,
  scan: 100_000,
  ubl: 200_000,
  'factur-x': 300_000,
};

/** Document `index` of a source type: the layouts in turn, the countries of a layout in turn. */
function specFor(source: SourceType, index: number, baseSeed: number): { spec: InvoiceSpec; layout: LayoutId } {
  const layout = layoutIds[index % layoutIds.length] as LayoutId;
  const { countries, languageOf } = layouts[layout];
  const country = countries[Math.floor(index / layoutIds.length) % countries.length] ?? 'NL';
  const seed = baseSeed + seedOffset[source] + index;
  // A scan shows page 1 only, so its totals must fit there.
  const spec = generateInvoiceSpec(seed, {
    country,
    language: languageOf(country),
    maxLines: source === 'scan' ? 7 : undefined,
  });
  return { spec, layout };
}

const scanFormat = (index: number) => scanFormats[index % scanFormats.length] as ScanFormat;
const scanFormats = ['jpeg', 'pdf', 'png'] as const;

/** The generated corpus: `counts[source]` documents of each source type, all from `baseSeed`. */
export function generatedCases(counts: Readonly<Record<SourceType, number>>, baseSeed: number): EvalCase[] {
  const cases: EvalCase[] = [];
  for (const source of sourceTypes) {
    for (let index = 0; index < counts[source]; index++) {
      const { spec, layout } = specFor(source, index, baseSeed);
      const truth = groundTruthOf(spec);
      const name = `document-${source}-${index + 1}`;
      cases.push({
        corpus: 'generated',
        group: source,
        layout:
          source === 'ubl'
            ? index % 5 === 4
              ? 'ubl-sbdh'
              : 'ubl'
            : source === 'scan'
              ? `${layout} ${scanFormat(index)}`
              : layout,
        document: `seed ${spec.seed}`,
        documentType: spec.documentType,
        hints: hintsOf(spec),
        expected: headerFields.map((field) => ({ field, value: truth[field] })),
        input: async () => {
          switch (source) {
            case 'text-pdf':
              return {
                bytes: await renderTextPdf(spec, layout),
                fileName: `${name}.pdf`,
                contentType: 'application/pdf',
              };
            case 'factur-x':
              return {
                bytes: await renderFacturX(spec, layout),
                fileName: `${name}.pdf`,
                contentType: 'application/pdf',
              };
            case 'ubl':
              return {
                bytes: new TextEncoder().encode(renderUbl(spec, { sbdh: index % 5 === 4 })),
                fileName: `${name}.xml`,
                contentType: 'application/xml',
              };
            case 'scan': {
              const scan = await renderScan(await renderTextPdf(spec, layout), {
                seed: spec.seed,
                format: scanFormat(index),
              });
              const extension = scan.format === 'jpeg' ? 'jpg' : scan.format;
              return { bytes: scan.bytes, fileName: `${name}.${extension}`, contentType: scan.contentType };
            }
          }
        },
      });
    }
  }
  return cases;
}
