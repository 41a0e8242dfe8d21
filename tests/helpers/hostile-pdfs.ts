import { deflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, StandardFonts } from 'pdf-lib';

/**
 * Small PDFs that would cost a reader far more than their size: the shapes a hostile or broken
 * sender produces. Built with pdf-lib, one page of A4 unless the point is the page.
 */
export const hostilePdfs = {
  /** One page painted with a 20 000 × 20 000 grey image (400 megapixels) from a few KB of zlib. */
  async hugeImage(): Promise<Uint8Array> {
    const pdf = await PDFDocument.create();
    const page = pdf.addPage([595, 842]);
    const data = deflateSync(Buffer.alloc(1_000_000));
    const image = PDFRawStream.of(
      pdf.context.obj({
        Type: 'XObject',
        Subtype: 'Image',
        Width: 20_000,
        Height: 20_000,
        ColorSpace: 'DeviceGray',
        BitsPerComponent: 8,
        Filter: 'FlateDecode',
        Length: data.length,
      }),
      data,
    );
    page.node.setXObject(PDFName.of('Im1'), pdf.context.register(image));
    const content = pdf.context.flateStream('q 595 0 0 842 0 0 cm /Im1 Do Q');
    page.node.set(PDFName.of('Contents'), pdf.context.register(content));
    return pdf.save();
  },

  /** A page tree whose `/Kids` holds, after its one page, the tree's own root again. */
  async loopingPageTree(): Promise<Uint8Array> {
    const pdf = await onePage();
    const root = pagesRoot(pdf);
    const kids = pdf.context.lookup(root.get(PDFName.of('Kids')));
    if (!(kids instanceof PDFArray)) throw new Error('pdf-lib wrote no /Kids');
    kids.push(pdf.catalog.get(PDFName.of('Pages')) ?? PDFNumber.of(0));
    root.set(PDFName.of('Count'), PDFNumber.of(2));
    return pdf.save({ useObjectStreams: false });
  },

  /** One empty page of 14 400 × 14 400 pt (200 × 200 inches, the largest page PDF allows). */
  async enormousPage(): Promise<Uint8Array> {
    const pdf = await PDFDocument.create();
    pdf.addPage([14_400, 14_400]);
    return pdf.save();
  },

  /** One real page in a page tree whose `/Count` declares 100 000. */
  async hundredThousandPages(): Promise<Uint8Array> {
    const pdf = await onePage();
    pagesRoot(pdf).set(PDFName.of('Count'), PDFNumber.of(100_000));
    return pdf.save({ useObjectStreams: false });
  },
} as const;

export type HostilePdf = keyof typeof hostilePdfs;

async function onePage(): Promise<PDFDocument> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage([595, 842]).drawText('Factuur', { x: 50, y: 790, size: 12, font });
  return pdf;
}

function pagesRoot(pdf: PDFDocument): PDFDict {
  const root = pdf.context.lookup(pdf.catalog.get(PDFName.of('Pages')));
  if (!(root instanceof PDFDict)) throw new Error('pdf-lib wrote no page tree');
  return root;
}
