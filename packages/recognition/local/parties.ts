import { compactIdentifier, isValidBelgianEnterpriseNumber, isValidKvkNumber } from '#packages/kernel';
import type { RecognitionResult } from '../model.js';
import { findAmounts } from './amounts.js';
import { labelHits, ocrFactor, readLabelled, unit } from './find.js';
import { type FoundIdentifier, findIbans, findInvalidIbans, findVatNumbers } from './identifiers.js';
import {
  addressPattern,
  companyNumberLabels,
  countryNames,
  creditNoteWords,
  customerBlockLabel,
  customerWords,
  debitWords,
  invoiceWords,
  legalForm,
  notANameWords,
  receiptWords,
  supplierLabel,
} from './labels.js';
import {
  confidenceOf,
  type Doc,
  extentOf,
  fold,
  overlapping,
  type Row,
  relativeY,
  rowsBelow,
  type Segment,
} from './text.js';

type Issues = RecognitionResult['issues'];
type Field = { value: string; confidence: number };

/** The administration's own identifiers, so the other party on a document can be told apart. */
export interface OwnHints {
  readonly ownVatNumbers?: readonly string[];
  readonly ownIbans?: readonly string[];
  readonly ownNames?: readonly string[];
  readonly country?: 'NL' | 'BE';
}

interface Occurrence {
  readonly value: string;
  readonly valid: boolean;
  readonly segment: Segment;
  readonly start: number;
  readonly end: number;
  readonly labelled: boolean;
  readonly customerSide: boolean;
  readonly own: boolean;
}

const vatLabel =
  /\b(?:btw|b\.t\.w|tva|t\.v\.a|vat|ust|mwst|umsatzsteuer|steuer-?id|omzetbelasting|btw-?id|btw-?nr|btw-?nummer|n°\s*tva|numero\s+de\s+tva|tax\s+id|vat\s+(?:no|number|reg)|(?:kozossegi\s+)?adoszam)\b[^\d]{0,25}$/;
const vatWord = /\b(?:btw|b\.t\.w|tva|t\.v\.a|vat|ust|mwst|omzetbelasting|umsatzsteuer|adoszam)\b/;
const ibanLabel =
  /\b(?:iban|konto|bankverbindung|rekening|rekeningnummer|bankrekening|bank|compte|account|rek\.?|rib)\b[^\d]{0,25}$/;
const numberLabelAfter = /^\s*(?:nummer|nr|no|number|n°|id|code|ref)\b/;

/** A "field: value" line that still describes the party above it ("Name:", "USt.-Id.-Nr.:"). */
const partyDetail =
  /^(?:nummer|number|numero|name|naam|nom|anschrift|adresse?|address|ust|umsatzsteuer|steuer\s?-?nummer|steuernummer|vat|btw|tva|kvk|siret|siren|globale\s+nummer|gln|kontakt|contact|tel|telefon|telefoon|phone|fax|e-?mail)\b[^:]{0,24}:/;

/**
 * The sender's address on one line above a window envelope's address field ("Bei Spiel GmbH ●
 * Ecke 12 ● 12345 Stadthausen"): what is printed under it is the addressee, the customer.
 */
const senderLine = /[●•·|].*[●•·|]/;

/**
 * Rows of customer blocks ("Factuur aan:", "Client :", "Bill to", or under the sender's line of
 * a window envelope) down to the first gap: what is printed there belongs to the customer, not
 * the supplier.
 */
export function customerBlocks(doc: Doc): Set<Segment> {
  const block = new Set<Segment>();
  for (const row of doc.rows) {
    if (
      row.page === doc.rows[0]?.page &&
      relativeY(row) < 0.4 &&
      senderLine.test(row.text) &&
      addressPattern.test(row.folded)
    ) {
      const [first] = row.segments;
      if (first) walkBlock(doc, row, first.x0, first.x0 + 8 * row.height, block);
      continue;
    }
    for (const segment of row.segments) {
      const match = customerBlockLabel.exec(segment.folded);
      if (!match) continue;
      const rest = segment.folded.slice(match[0].length);
      if (numberLabelAfter.test(rest)) continue;
      // "Klant" or "Aan" alone is a heading only with a colon or on its own.
      if (!match[0].includes(':') && rest.trim() !== '' && !/^\s*(?:aan|to|a)\b/.test(rest)) continue;
      block.add(segment);
      const { x0, x1 } = extentOf(segment, 0, segment.text.length);
      walkBlock(doc, row, x0, Math.max(x1, x0 + 8 * row.height), block);
    }
  }
  return block;
}

/** Adds the lines under a block's heading, in its column `x0..x1`, down to a gap or another field. */
function walkBlock(doc: Doc, row: Row, x0: number, x1: number, block: Set<Segment>): void {
  let previous: Row = row;
  let values: { x0: number; x1: number } | undefined;
  for (const below of rowsBelow(doc, row, 8).slice(0, 7)) {
    if (below.y - previous.baseline > 1.8 * below.height) break;
    const under = overlapping(below, x0, x1, below.height);
    // An address line continuing the value column of a "Label: | value" block is the party's.
    const continued = !under && values ? overlapping(below, values.x0, values.x1) : undefined;
    if (continued && !/:/.test(continued.text)) {
      block.add(continued);
      previous = below;
      continue;
    }
    // A line of another column (a sidebar, or a value's first line printed above its label)
    // between the block's lines is passed over, keeping the block's line spacing.
    if (!under) {
      previous = below;
      continue;
    }
    if (
      /:\s*\S/.test(under.text) &&
      !customerWords.test(under.folded) &&
      !/\b(?:btw|tva|vat)\b/.test(under.folded) &&
      !partyDetail.test(under.folded) &&
      !partyDetail.test(below.folded)
    )
      break;
    block.add(under);
    // "Name: | Kunden AG": a label's value printed as the next column is the party's too.
    const value = below.segments[under.index + 1];
    if (value && /:\s*$/.test(under.text)) {
      block.add(value);
      values = { x0: value.x0, x1: value.x1 };
    }
    previous = below;
  }
}

function matchesOwnName(text: string, ownNames: readonly string[]): boolean {
  const folded = normaliseName(text);
  return ownNames.some((name) => {
    const own = normaliseName(name);
    return own.length >= 3 && (folded === own || folded.includes(own) || (own.includes(folded) && folded.length >= 6));
  });
}

function normaliseName(text: string): string {
  return fold(text)
    .replace(legalForm, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Every VAT number, IBAN and company number in the document, with which side it is on. */
function occurrences(doc: Doc, customer: ReadonlySet<Segment>, hints: OwnHints) {
  const ownVats = new Set((hints.ownVatNumbers ?? []).map(compactIdentifier));
  const ownIbans = new Set((hints.ownIbans ?? []).map(compactIdentifier));
  const vats: Occurrence[] = [];
  const ibans: Occurrence[] = [];
  const companies: Occurrence[] = [];
  for (const row of doc.rows) {
    for (const segment of row.segments) {
      const previous = row.segments[segment.index - 1];
      const context = (start: number) => `${previous?.folded ?? ''} ${segment.folded.slice(0, start)}`;
      const inCustomerBlock = customer.has(segment);
      const labelContext = (start: number) => segment.folded.slice(Math.max(0, start - 40), start);
      const bare = vatWord.test(context(segment.text.length));
      for (const vat of findVatNumbers(segment.text, bare)) {
        const before = labelContext(vat.start);
        // The label may be the column before the number ("USt-IdNr: | DE123456789").
        const alone = /^[\s:.]*$/.test(segment.folded.slice(0, vat.start));
        const labelled = vatLabel.test(before) || (alone && previous !== undefined && vatLabel.test(previous.folded));
        const prefixed = /^(?:nl|n1|ni|be)/i.test(segment.text.slice(vat.start, vat.start + 2));
        // Another country's number unlabelled counts only when its check digit holds.
        if (!labelled && !(prefixed && !vat.foreign) && !(vat.foreign && vat.valid)) continue;
        vats.push({
          ...vat,
          segment,
          labelled,
          // The label may be the column before the number ("Ku.-USt-Id: | DE242688168").
          customerSide:
            inCustomerBlock ||
            customerWords.test(before) ||
            (alone && previous !== undefined && customerWords.test(previous.folded)),
          own: ownVats.has(vat.value),
        });
      }
      const ibanLabelled = (start: number) =>
        ibanLabel.test(labelContext(start)) ||
        // The label's colon may open the value's segment ("IBAN | : DE12 …").
        (/^[\s:.]*$/.test(segment.folded.slice(0, start)) && previous !== undefined && ibanLabel.test(previous.folded));
      const invalid = findInvalidIbans(segment.text).filter((iban) => ibanLabelled(iban.start));
      for (const iban of [...findIbans(segment.text), ...brokenIban(doc, segment), ...invalid]) {
        const before = context(iban.start);
        ibans.push({
          ...iban,
          segment,
          labelled: ibanLabelled(iban.start),
          customerSide: inCustomerBlock || debitWords.test(before),
          own: ownIbans.has(iban.value),
        });
      }
    }
  }
  // A KvK or enterprise number is only recognisable by its label, which may sit beside or above it.
  for (const hit of labelHits(doc, companyNumberLabels)) {
    const found = readLabelled(doc, hit, companyNumberOf);
    if (!found) continue;
    const before = hit.segment.folded.slice(Math.max(0, hit.start - 40), hit.start);
    companies.push({
      value: found.value.value,
      valid: found.value.valid,
      segment: found.segment,
      start: 0,
      end: found.segment.text.length,
      labelled: true,
      customerSide: customer.has(hit.segment) || customer.has(found.segment) || customerWords.test(before),
      own: false,
    });
  }
  return { vats, ibans, companies };
}

/** A KvK number (8 digits) or a Belgian enterprise number (10 digits, mod 97) at the start of a text. */
function companyNumberOf(
  text: string,
): { value: { value: string; valid: boolean }; start: number; end: number } | undefined {
  const match =
    /^\s*(?:BE\s?)?(\d{4}[\s.]?\d{3}[\s.]?\d{3}|\d{3}[\s.]?\d{3}[\s.]?\d{3}|\d{2}[\s.]?\d{2}[\s.]?\d{2}[\s.]?\d{2}|\d{8})(?![\d.,])/i.exec(
      text,
    );
  const digits = match?.[1]?.replace(/[\s.]/g, '');
  if (!match || !digits) return undefined;
  const start = match[0].length - (match[1]?.length ?? 0);
  const end = match[0].length;
  if (digits.length === 8 && isValidKvkNumber(digits)) return { value: { value: digits, valid: true }, start, end };
  const belgian = digits.length === 9 ? `0${digits}` : digits;
  if (belgian.length !== 10) return undefined;
  return { value: { value: belgian, valid: isValidBelgianEnterpriseNumber(belgian) }, start, end };
}

/** An IBAN broken over two lines ("… over te maken op NL40" / "BUNQ 0902 4901 58 o.v.v."). */
function brokenIban(doc: Doc, segment: Segment): FoundIdentifier[] {
  const start = /\b[A-Z]{2}\s?[0-9O]{2}(?:\s?[A-Z0-9]{4}){0,3}\s*$/.exec(segment.text);
  if (!start || segment.index !== segment.row.segments.length - 1) return [];
  const next = doc.rows[segment.row.order + 1];
  const first = next?.page === segment.row.page ? next.segments[0] : undefined;
  if (!first) return [];
  const joined = findIbans(`${start[0].trim()} ${first.text}`)[0];
  return joined && joined.start === 0 ? [{ ...joined, start: start.index, end: segment.text.length }] : [];
}

/**
 * The supplier's occurrence: not on the customer's side; with own identifiers known, one that
 * is not ours when there is one (a purchase invoice), else ours (a sales invoice, which the
 * caller tells apart). Labelled and valid ones first, then the earliest.
 */
function supplierOccurrence(found: readonly Occurrence[]): Occurrence | undefined {
  const sides = found.filter((o) => !o.customerSide);
  const pool = sides.some((o) => !o.own) ? sides.filter((o) => !o.own) : sides;
  const score = (o: Occurrence) => (o.valid ? 4 : 0) + (o.labelled ? 2 : 0) + (isHeaderOrFooter(o.segment.row) ? 1 : 0);
  return [...pool].sort((a, b) => score(b) - score(a) || a.segment.row.order - b.segment.row.order)[0];
}

function isHeaderOrFooter(row: Row): boolean {
  const y = relativeY(row);
  return y < 0.35 || y > 0.8;
}

function customerOccurrence(found: readonly Occurrence[], supplier: Occurrence | undefined): Occurrence | undefined {
  const others = found.filter((o) => o.valid && o.value !== supplier?.value);
  return others.find((o) => o.customerSide) ?? others.find((o) => o.own);
}

function fieldOf(o: Occurrence | undefined, base: number): Field | undefined {
  if (!o) return undefined;
  const read = confidenceOf(o.segment, o.start, o.end);
  if (!o.valid) return { value: o.value, confidence: unit(0.2 * ocrFactor(read)) };
  // A check digit that holds confirms the reading, so OCR doubt costs less.
  return { value: o.value, confidence: unit(base * (o.labelled ? 1 : 0.95) * Math.max(ocrFactor(read), 0.9)) };
}

/** Supplier and customer as far as the document names them. */
export function readParties(
  doc: Doc,
  hints: OwnHints,
  issues: Issues,
): Pick<RecognitionResult, 'supplier' | 'customer'> {
  const customer = customerBlocks(doc);
  const { vats, ibans, companies } = occurrences(doc, customer, hints);
  const supplierVat =
    supplierOccurrence(vats.filter((v) => v.valid)) ?? supplierOccurrence(vats.filter((v) => v.labelled));
  if (supplierVat && !supplierVat.valid) {
    issues.push({ field: 'supplier.vatNumber', message: `'${supplierVat.value}' fails the VAT number check digit` });
  }
  const supplierIban = supplierOccurrence(ibans);
  const company = supplierOccurrence(companies.filter((c) => c.valid));
  const customerVat = customerOccurrence(vats, supplierVat);
  const ownIsSeller = supplierVat?.own === true || supplierIban?.own === true;
  const name = supplierName(doc, customer, hints, ownIsSeller, [supplierVat, supplierIban, company]);
  const companyNumber = fieldOf(company, 0.95);
  const vatNumber = fieldOf(supplierVat, 0.97) ?? belgianVatNumber(companyNumber, customerVat?.value);
  return {
    supplier: {
      name,
      vatNumber,
      companyNumber: companyNumber ?? belgianCompanyNumber(vatNumber),
      iban: fieldOf(supplierIban, 0.97),
      countryCode: countryOf(doc, vatNumber, fieldOf(supplierIban, 0.97)),
    },
    customer: { name: customerName(doc, customer), vatNumber: fieldOf(customerVat, 0.9) },
  };
}

/**
 * A Belgian company's VAT number is its enterprise number with BE before it; when the VAT number
 * cannot be read, the enterprise number gives it, less surely (not every company is registered).
 */
function belgianVatNumber(company: Field | undefined, customerVat: string | undefined): Field | undefined {
  if (company?.value.length !== 10) return undefined;
  const value = `BE${company.value}`;
  return value === customerVat ? undefined : { value, confidence: unit(Math.min(0.6, company.confidence)) };
}

function belgianCompanyNumber(vat: Field | undefined): Field | undefined {
  return vat?.value.startsWith('BE') && vat.confidence > 0.5
    ? { value: vat.value.slice(2), confidence: vat.confidence }
    : undefined;
}

function countryOf(doc: Doc, vat: Field | undefined, iban: Field | undefined): Field | undefined {
  if (vat && vat.confidence > 0.5) return { value: vat.value.slice(0, 2), confidence: vat.confidence };
  const top = doc.pages[0]?.rows.filter((row) => relativeY(row) < 0.3) ?? [];
  for (const row of top) {
    const country = countryNames.find(([, pattern]) => pattern.test(row.folded));
    if (country) return { value: country[0], confidence: 0.6 };
  }
  return iban && { value: iban.value.slice(0, 2), confidence: 0.5 };
}

interface NameCandidate {
  readonly text: string;
  readonly segment: Segment;
  score: number;
}

/**
 * The supplier's name: a labelled one ("Leverancier:"), else the best-scoring short line near
 * the top of page 1 (or in the footer) that is not an address, a label, a title or the
 * customer: larger print, a legal form (B.V., BVBA, SRL…), being first, and standing next to
 * the supplier's identifiers all count.
 */
function supplierName(
  doc: Doc,
  customer: ReadonlySet<Segment>,
  hints: OwnHints,
  ownIsSeller: boolean,
  anchors: readonly (Occurrence | undefined)[],
): Field | undefined {
  const labelled = labelledSupplier(doc);
  if (labelled) return labelled;
  const first = doc.pages[0];
  if (!first) return undefined;
  const anchorRows = new Set(anchors.flatMap((a) => (a ? [a.segment.row.order] : [])));
  const candidates: NameCandidate[] = [];
  for (const row of first.rows) {
    const y = relativeY(row);
    if (y > 0.45 && y < 0.85) continue;
    for (const segment of row.segments) {
      if (customer.has(segment) || isFieldLabel(segment)) continue;
      const text = nameText(segment.text);
      if (!text) continue;
      candidates.push({ text, segment, score: 0 });
    }
  }
  const own = hints.ownNames ?? [];
  const domains = supplierDomains(doc, customer);
  candidates.forEach((candidate, rank) => {
    const { segment } = candidate;
    const row = segment.row;
    const folded = fold(candidate.text);
    let score = 0.4;
    if (legalForm.test(folded)) score += 0.25;
    score += 0.35 * Math.min(1, Math.max(0, row.height / doc.bodyHeight - 1));
    if (relativeY(row) < 0.45) score += Math.max(0, 0.25 - rank * 0.06);
    else score -= 0.1;
    const near = [row.order - 1, row.order, row.order + 1].some((order) => anchorRows.has(order));
    if (near) score += 0.15;
    if (followedByAddress(doc, row)) score += 0.1;
    if (own.length > 0 && matchesOwnName(candidate.text, own) && !ownIsSeller) score -= 0.6;
    if (folded.split(/\s+/).length > 6) score -= 0.3;
    if (/^[a-z]/.test(candidate.text)) score -= 0.2;
    if ((folded.replace(legalForm, '').match(/[a-z]/g)?.length ?? 0) < 4) score -= 0.2;
    score += 0.35 * domainMatch(folded, domains);
    // A logo OCR'd into a few letters comes back with a low confidence: it weighs less.
    candidate.score = score * ocrFactor(confidenceOf(segment));
  });
  const winner = [...candidates].sort((a, b) => b.score - a.score || a.segment.row.order - b.segment.row.order)[0];
  if (!winner) return undefined;
  const read = ocrFactor(confidenceOf(winner.segment));
  const value = continuedName(doc, winner.segment, winner.text);
  return { value, confidence: unit(Math.min(0.95, winner.score / read) * read) };
}

/**
 * A name printed over two lines ("MVM Musterhafter" / "Versicherungsverein Musterstadt a.G."):
 * the line right under it, in the same column and print, that reads as a name and carries the
 * legal form the first line lacks, completes it.
 */
function continuedName(doc: Doc, segment: Segment, name: string): string {
  if (legalForm.test(fold(name)) || segment.text.trim() !== name) return name;
  const [below] = rowsBelow(doc, segment.row, 1.8);
  const next = below?.segments.find((s) => Math.abs(s.x0 - segment.x0) <= segment.row.height * 0.5);
  if (!below || !next || Math.abs(below.height - segment.row.height) > segment.row.height * 0.2) return name;
  const rest = nameText(next.text);
  return rest && rest === next.text.trim() && legalForm.test(fold(rest)) ? `${name} ${rest}` : name;
}

/** The names in the e-mail addresses and websites the document prints outside the customer block. */
function supplierDomains(doc: Doc, customer: ReadonlySet<Segment>): string[] {
  const domains: string[] = [];
  for (const row of doc.rows) {
    for (const segment of row.segments) {
      if (customer.has(segment)) continue;
      const found = segment.folded.matchAll(
        /(?:[\w.+-]+\s?@\s?|www\.|https?:\/\/)([a-z0-9-]+(?:\.[a-z0-9-]+)*)\.[a-z]{2,}\b/g,
      );
      for (const match of found) {
        const name =
          (match[1] ?? '')
            .split('.')
            .at(-1)
            ?.replace(/[^a-z0-9]/g, '') ?? '';
        if (
          name.length >= 4 &&
          !/^(?:gmail|hotmail|outlook|live|yahoo|icloud|telenet|skynet|ziggo|kpnmail|home)$/.test(name)
        )
          domains.push(name);
      }
    }
  }
  return domains;
}

/** The share of a name's words (three letters or more, legal form aside) found in a domain. */
function domainMatch(folded: string, domains: readonly string[]): number {
  if (domains.length === 0) return 0;
  const words = folded
    .replace(legalForm, '')
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length >= 3);
  if (words.length === 0) return 0;
  const found = words.filter((word) => domains.some((domain) => domain.includes(word))).length;
  return found / words.length;
}

function labelledSupplier(doc: Doc): Field | undefined {
  for (const row of doc.rows) {
    for (const segment of row.segments) {
      const match = supplierLabel.exec(segment.folded);
      const heading = !match && supplierHeading.test(segment.folded) && row.segments.length === 1;
      if (!match && !heading) continue;
      const rest = match ? nameText(segment.text.slice(match[0].length)) : undefined;
      const next = row.segments[segment.index + 1];
      const value = rest ?? (next ? nameText(next.text) : undefined) ?? nameUnder(doc, row);
      if (value) return { value, confidence: unit((heading ? 0.8 : 0.9) * ocrFactor(confidenceOf(segment))) };
    }
  }
  return undefined;
}

/** A heading over the supplier's block ("Verkäufer", "Seller"), alone on its line. */
const supplierHeading =
  /^\s*(?:verkaufer|lieferant|leverancier|verkoper|fournisseur|vendeur|supplier|seller|vendor)\s*:?\s*$/;

/** A label printed before its value: "Währung | : EUR", "Nummer:". */
function isFieldLabel(segment: Segment): boolean {
  const next = segment.row.segments[segment.index + 1];
  return /:\s*$/.test(segment.text) || (next !== undefined && /^\s*:/.test(next.text));
}

/**
 * The name in the lines under a heading: a "Name:" field's value, else the first line that reads
 * as a name, passing over the block's other fields ("Nummer: 549910").
 */
function nameUnder(doc: Doc, heading: Row): string | undefined {
  for (const row of rowsBelow(doc, heading, 6).slice(0, 5)) {
    const [first, second] = row.segments;
    if (!first) continue;
    if (/^\s*(?:name|nom|naam|firma|company)\s*:?\s*$/.test(first.folded)) return second && nameText(second.text);
    if (isFieldLabel(first) || /:\s*\S/.test(first.text)) continue;
    const name = nameText(first.text);
    if (name) return continuedName(doc, first, name);
  }
  return undefined;
}

const titles = String.raw`factuur|facture|invoice|creditnota|credit\s?note|note\s+de\s+cr[ée]dit|kassabon|receipt|re[çc]u|tax\s+invoice`;
// Also glued on ("CommVFACTUUR") or spaced out by OCR ("FACTU U R"), in capitals.
const titleAtEnd = new RegExp(
  String.raw`(?:\s+(?:${titles})|\s*(?:F\s?A\s?C\s?T\s?U\s?U\s?R|F\s?A\s?C\s?T\s?U\s?R\s?E|I\s?N\s?V\s?O\s?I\s?C\s?E))\s*$`,
  'i',
);
const titleAtStart = new RegExp(String.raw`^(?:${titles})\s+`, 'i');

/**
 * The company name a segment may hold: the first part before separators (footers print
 * "Name · Street 1 · KvK …"), when it looks like a name rather than a label or an address.
 */
function nameText(raw: string): string | undefined {
  const part =
    raw
      .split(/\s[|·•–-]\s|\s{2,}|\t/)[0]
      ?.trim()
      .replace(/^[^\p{L}\p{N}]+/u, '')
      .replace(/[\s,;:|•·-]+$/, '')
      // The title may share the letterhead's line: "Bakkerij Smit V.O.F.   FACTUUR".
      .replace(titleAtEnd, '')
      .replace(titleAtStart, '') ?? '';
  if (part.length < 2 || part.length > 60) return undefined;
  const folded = fold(part);
  if ((part.match(/\p{L}/gu)?.length ?? 0) < 2) return undefined;
  // "B.V." alone is the tail of a name split over two columns, not a name.
  if ((folded.replace(legalForm, '').match(/\p{L}/gu)?.length ?? 0) < 2) return undefined;
  if ((part.match(/\d/g)?.length ?? 0) > 3) return undefined;
  if (notANameWords.test(folded) || addressPattern.test(folded)) return undefined;
  if (creditNoteWords.test(folded) || receiptWords.test(folded) || invoiceWords.test(folded)) return undefined;
  if (/^(?:www\.|http)|\.(?:nl|be|com|eu|fr)\b/.test(folded)) return undefined;
  if (findAmounts(part).length > 0) return undefined;
  if (/^(?:dhr|mevr|mr|mrs|ms|mme|m\.|de heer|mevrouw|madame|monsieur)\b/.test(folded)) return undefined;
  return part;
}

function followedByAddress(doc: Doc, row: Row): boolean {
  return rowsBelow(doc, row, 3)
    .slice(0, 3)
    .some((below) => addressPattern.test(below.folded));
}

/** A salutation before a person's name: "Herrn", "Frau", "M.", "Mme", "Dhr.", "Mr". */
const salutation =
  /^(?:herrn?|frau|familie|m\.|mme|mlle|monsieur|madame|dhr\.?|mevr\.?|de\s+heer|mevrouw|mr\.?|mrs\.?|ms\.?)(?=\s|$)/;

/** "Herrn | Max Mustermann" or "M. Jean Dupont": the person as printed, salutation and all. */
function addressedPerson(segment: Segment, following: Segment | undefined): string | undefined {
  const match = salutation.exec(segment.folded);
  if (!match) return undefined;
  const rest = segment.text.slice(match[0].length).trim();
  const person = rest !== '' ? rest : following?.text.trim();
  if (!person || !/^\p{Lu}[\p{L}'-]+(?:\s+\p{L}[\p{L}.'-]*){0,3}$/u.test(person)) return undefined;
  if (notANameWords.test(fold(person)) || addressPattern.test(fold(person))) return undefined;
  return rest !== '' ? segment.text.trim() : `${segment.text.trim()} ${person}`;
}

/**
 * A salutation printed on the line above a "Name:" field's value, in its column ("Herrn" over
 * "Name: | Max Mustermann"), which the value's two lines centred on the label put there.
 */
function salutationAbove(doc: Doc, value: Segment): string | undefined {
  const above = doc.rows[value.row.order - 1];
  if (!above || above.page !== value.row.page || value.row.y - above.y > 2 * value.row.height) return undefined;
  const aligned = above.segments.find((s) => Math.abs(s.x0 - value.x0) <= value.row.height * 0.5);
  return aligned && salutation.test(aligned.folded) && aligned.folded.trim().split(/\s+/).length === 1
    ? aligned.text.trim()
    : undefined;
}

function customerName(doc: Doc, customer: ReadonlySet<Segment>): Field | undefined {
  const ordered = [...customer].sort((a, b) => a.row.order - b.row.order);
  for (const [i, segment] of ordered.entries()) {
    const label = customerBlockLabel.exec(segment.folded);
    const person = label ? undefined : addressedPerson(segment, ordered[i + 1]);
    if (person) return { value: person, confidence: unit(0.7 * ocrFactor(confidenceOf(segment))) };
    if (/^\s*(?:name|nom|naam)\s*:?\s*$/.test(segment.folded)) {
      const next = segment.row.segments[segment.index + 1];
      const value = next && nameText(next.text);
      const addressed = next && salutationAbove(doc, next);
      if (value) {
        return {
          value: addressed ? `${addressed} ${value}` : value,
          confidence: unit(0.75 * ocrFactor(confidenceOf(next))),
        };
      }
      continue;
    }
    if (isFieldLabel(segment)) continue;
    const text = label ? segment.text.slice(label[0].length) : segment.text;
    const name = nameText(text);
    if (name && !/^(?:t\.?\s?a\.?\s?v|attn|c\/o)\b/i.test(name)) {
      return { value: name, confidence: unit(0.75 * ocrFactor(confidenceOf(segment))) };
    }
  }
  return undefined;
}
