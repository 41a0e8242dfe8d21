import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AFRelationship, PDFDocument, StandardFonts } from 'pdf-lib';
import type { PageText, TextWord } from '#packages/recognition';

/**
 * Test documents built in code: a page is a list of text items placed as on A4 paper (points,
 * from the top left). The same items become positioned lines for the pure extraction tests, a
 * text PDF (pdf-lib), or a scan (the PDF rendered by pdfjs on @napi-rs/canvas).
 */
export type Item = readonly [text: string, x: number, y: number, size?: number];
export type Page = readonly Item[];

const a4 = { width: 595.28, height: 841.89 } as const;
// Helvetica's average advance is about half the font size; good enough for word boxes.
const advance = 0.5;

/** The positioned lines a reader would produce for `items`: one line per distinct y. */
export function pageText(items: Page, pageNumber = 1, confidence = 1): PageText {
  const byY = new Map<number, Item[]>();
  for (const item of items) byY.set(item[2], [...(byY.get(item[2]) ?? []), item]);
  const lines = [...byY.entries()]
    .sort(([a], [b]) => a - b)
    .map(([y, row]) => {
      const words: TextWord[] = [...row]
        .sort((a, b) => a[1] - b[1])
        .flatMap(([text, x, , size = 9]) => {
          let cursor = x;
          return text.split(' ').flatMap((word) => {
            const width = word.length * size * advance;
            const placed = { text: word, x: cursor, y: y - size, width, height: size, confidence };
            cursor += width + size * advance;
            return word === '' ? [] : [placed];
          });
        });
      const x = Math.min(...words.map((w) => w.x));
      const right = Math.max(...words.map((w) => w.x + w.width));
      const height = Math.max(...words.map((w) => w.height));
      return {
        text: words.map((w) => w.text).join(' '),
        words,
        x,
        y: y - height,
        width: right - x,
        height,
        baseline: y,
        confidence,
      };
    });
  return { pageNumber, width: a4.width, height: a4.height, lines };
}

export interface PdfOptions {
  /** Files attached to the document, as Factur-X does. */
  readonly attachments?: readonly { readonly name: string; readonly content: string }[];
}

/** A text PDF with one A4 page per item list (Helvetica, WinAnsi: €, accents). */
export async function textPdf(pages: readonly Page[], options: PdfOptions = {}): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const items of pages) {
    const page = pdf.addPage([a4.width, a4.height]);
    for (const [text, x, y, size = 9] of items) page.drawText(text, { x, y: a4.height - y, size, font });
  }
  for (const attachment of options.attachments ?? []) {
    await pdf.attach(new TextEncoder().encode(attachment.content), attachment.name, {
      mimeType: 'text/xml',
      afRelationship: AFRelationship.Alternative,
    });
  }
  return pdf.save();
}

const require = createRequire(import.meta.url);
const pdfjsRoot = dirname(require.resolve('pdfjs-dist/package.json'));

/** A grayscale scan of page 1 of a PDF at `dpi`, as PNG or JPEG. */
export async function scanOf(pdfBytes: Uint8Array, dpi: number, format: 'png' | 'jpeg' = 'png'): Promise<Uint8Array> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const { createCanvas } = await import('@napi-rs/canvas');
  const document = await getDocument({
    data: new Uint8Array(pdfBytes),
    standardFontDataUrl: `${join(pdfjsRoot, 'standard_fonts')}/`,
    verbosity: 0,
  }).promise;
  try {
    const page = await document.getPage(1);
    const viewport = page.getViewport({ scale: dpi / 72 });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    await page.render({ canvas: canvas as never, viewport }).promise;
    return format === 'png' ? canvas.encode('png') : canvas.encode('jpeg', 85);
  } finally {
    await document.destroy();
  }
}

/** A PDF whose only page is an image (a scanner's output): no text layer. */
export async function imagePdf(png: Uint8Array): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const image = await pdf.embedPng(png);
  const page = pdf.addPage([a4.width, a4.height]);
  page.drawImage(image, { x: 0, y: 0, width: a4.width, height: a4.height });
  return pdf.save();
}

/**
 * A PDF with an `/Encrypt` dictionary whose user password is not empty, written by hand (pdf-lib
 * cannot encrypt): a reader needs a password to open it.
 */
export function encryptedPdf(): Uint8Array {
  const hex = (byte: string) => `<${byte.repeat(32)}>`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    `<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O ${hex('5A')} /U ${hex('A5')} >>`,
  ];
  let body = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

/** A PDF of `count` blank pages. */
export async function blankPdf(count: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  for (let i = 0; i < count; i++) pdf.addPage([a4.width, a4.height]);
  return pdf.save();
}
