import type { XmlElement } from '#packages/recognition';

/** A file embedded in an invoice: the PDF visual or a supporting document. */
export interface EmbeddedAttachment {
  readonly fileName: string;
  readonly contentType: string;
  readonly content: Buffer;
  readonly description?: string | undefined;
}

const child = (element: XmlElement | undefined, name: string) => element?.children.find((c) => c.name === name);

const extensions: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'text/csv': 'csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
};

/**
 * The embedded attachments of a UBL invoice or credit note
 * (`cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject`, base64),
 * in document order. References to external URIs and empty objects are passed over.
 */
export function embeddedAttachments(root: XmlElement): EmbeddedAttachment[] {
  return root.children
    .filter((c) => c.name === 'AdditionalDocumentReference')
    .flatMap((reference, index) => {
      const object = child(child(reference, 'Attachment'), 'EmbeddedDocumentBinaryObject');
      const content = object ? Buffer.from(object.text.replace(/\s+/g, ''), 'base64') : Buffer.alloc(0);
      if (!object || content.length === 0) return [];
      const contentType = (object.attributes.mimeCode ?? 'application/octet-stream').toLowerCase();
      const id = child(reference, 'ID')?.text || `attachment-${index + 1}`;
      const fileName = object.attributes.filename || `${id}.${extensions[contentType] ?? 'bin'}`;
      const description = child(reference, 'DocumentDescription')?.text || undefined;
      return [{ fileName, contentType, content, description }];
    });
}
