import { describe, expect, it } from 'vitest';
import { embeddedAttachments, parseSbdh } from '#packages/peppol';
import { peppolMessage } from './messages.ts';

describe('embeddedAttachments', () => {
  it('decodes each embedded binary object with its file name and type, in document order', () => {
    const pdf = Buffer.from('%PDF-1.7 visual');
    const csv = Buffer.from('uren;bedrag\n8;640.00\n');
    const { root } = parseSbdh(
      peppolMessage({
        sender: '0106:1',
        receiver: '0106:2',
        instanceId: 'i',
        attachments: [
          { id: 'visual', fileName: 'factuur.pdf', mimeCode: 'application/pdf', content: pdf },
          { id: 'urenstaat', fileName: 'uren.csv', mimeCode: 'text/csv', content: csv },
        ],
      }),
    );
    const files = embeddedAttachments(root);
    expect(files.map((f) => [f.fileName, f.contentType])).toEqual([
      ['factuur.pdf', 'application/pdf'],
      ['uren.csv', 'text/csv'],
    ]);
    expect(files[0]?.content.equals(pdf)).toBe(true);
    expect(files[1]?.content.equals(csv)).toBe(true);
  });

  it('finds none in an invoice without embedded documents', () => {
    const { root } = parseSbdh(peppolMessage({ sender: '0106:1', receiver: '0106:2', instanceId: 'i' }));
    expect(embeddedAttachments(root)).toEqual([]);
  });
});
