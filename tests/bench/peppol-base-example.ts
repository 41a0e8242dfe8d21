import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { oracles, parseSource, ruleSets, runOfficial, stylesheet } from '../eval/official/stylesheets.ts';
import { percentile } from '../helpers/figures.ts';
import { generateInvoiceSpec, renderUbl } from '../helpers/invoices/index.ts';

/** The Peppol release's own example invoice, read where the shared oracles lie; never copied into the repository. */
export const baseExamplePath = fileURLToPath(
  new URL('../../../shared/oracles/peppol-bis-billing-3.0/2026.5/examples/base-example.xml', import.meta.url),
);

const money = (cents: bigint) => {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
};
const cents = (text: string) => BigInt(Math.round(Number(text) * 100));

/**
 * An invoice of `lines` lines built from the release's base example: its parties, document-level
 * charge, references and first line as written, the line repeated (IDs 1…n), an attachment
 * reference added, and the totals and VAT recomputed so the document stays valid. `undefined`
 * when the example is not at hand.
 */
export function baseExampleInvoice(lines: number): string | undefined {
  if (!existsSync(baseExamplePath)) return undefined;
  const xml = readFileSync(baseExamplePath, 'utf8');
  const blocks = [...xml.matchAll(/<cac:InvoiceLine>[\s\S]*?<\/cac:InvoiceLine>/g)].map((m) => m[0]);
  const first = blocks[0];
  if (!first) throw new Error('The base example holds no invoice line.');
  const lineNet = cents(/<cbc:LineExtensionAmount[^>]*>([^<]+)</.exec(first)?.[1] ?? '0');
  const percent = Number(/<cbc:Percent>([^<]+)</.exec(first)?.[1] ?? '0');
  const charges = cents(/<cbc:ChargeTotalAmount[^>]*>([^<]+)</.exec(xml)?.[1] ?? '0');
  const allowances = cents(/<cbc:AllowanceTotalAmount[^>]*>([^<]+)</.exec(xml)?.[1] ?? '0');
  const net = lineNet * BigInt(lines);
  const taxable = net - allowances + charges;
  // Half away from zero, in cents, as EN 16931 rounds.
  const vat = (taxable * BigInt(Math.round(percent * 100)) + 5000n) / 10000n;
  const body = Array.from({ length: lines }, (_, i) =>
    first.replace(/<cbc:ID>1<\/cbc:ID>/, `<cbc:ID>${i + 1}</cbc:ID>`),
  );
  const attachment = [
    '<cac:AdditionalDocumentReference>',
    '<cbc:ID>TIMESHEET-1</cbc:ID>',
    '<cbc:DocumentDescription>Timesheet</cbc:DocumentDescription>',
    '<cac:Attachment><cac:ExternalReference><cbc:URI>https://example.com/timesheets/1.pdf</cbc:URI></cac:ExternalReference></cac:Attachment>',
    '</cac:AdditionalDocumentReference>',
  ].join('');
  const setAmount = (text: string, name: string, value: bigint) =>
    text.replace(new RegExp(`(<cbc:${name} [^>]*>)[^<]+(</cbc:${name}>)`), `$1${money(value)}$2`);
  let head = xml.slice(0, xml.indexOf(blocks[0] as string));
  head = head.replace('<cac:AccountingSupplierParty>', `${attachment}<cac:AccountingSupplierParty>`);
  head = setAmount(head, 'LineExtensionAmount', net);
  head = setAmount(head, 'TaxExclusiveAmount', taxable);
  head = setAmount(head, 'TaxInclusiveAmount', taxable + vat);
  head = setAmount(head, 'PayableAmount', taxable + vat);
  head = setAmount(head, 'TaxableAmount', taxable);
  head = head.replace(/<cbc:TaxAmount [^>]*>[^<]+<\/cbc:TaxAmount>/g, (m) => m.replace(/>[^<]+</, `>${money(vat)}<`));
  return `${head}${body.join('\n')}\n</Invoice>\n`;
}

/** The project's own generator, when the release's example is not at hand: a Dutch invoice of `lines` lines. */
export function generatedInvoice(lines: number): string {
  return renderUbl(
    generateInvoiceSpec(4242, { country: 'NL', documentType: 'invoice', minLines: lines, maxLines: lines }),
  );
}

/**
 * Milliseconds the official Peppol validation artefacts (CEN-EN16931-UBL and PEPPOL-EN16931-UBL,
 * compiled to SEF once and run with SaxonJS, as the official eval runs them) take to validate
 * `xml`, parsing included, median of `runs` after one warm-up; `undefined` when the stylesheets
 * are not at hand, so the bench prints no ratio.
 */
export async function officialValidationMs(xml: string, runs: number): Promise<number | undefined> {
  if (!existsSync(join(oracles, ruleSets['cen-ubl'])) || !existsSync(join(oracles, ruleSets['peppol-ubl']))) {
    return undefined;
  }
  const sets = ['cen-ubl', 'peppol-ubl'] as const;
  for (const set of sets) stylesheet(set);
  const once = () => {
    const source = parseSource(xml);
    if (source === null) throw new Error('The official parser refused the bench invoice.');
    const verdict = runOfficial(source, sets);
    if (verdict.dynamicError) throw new Error(`The official stylesheets failed: ${verdict.dynamicError}`);
  };
  once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    once();
    times.push(performance.now() - started);
  }
  return percentile(
    times.sort((a, b) => a - b),
    50,
  );
}
