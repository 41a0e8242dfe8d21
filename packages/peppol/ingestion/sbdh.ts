import { parseXml, StructuredDocumentError, type XmlElement } from '#packages/recognition';
import { type ParticipantId, parseParticipantId } from '../responses/participant.js';
import { EnvelopeError } from './errors.js';

/** What the StandardBusinessDocumentHeader of an incoming Peppol message says. */
export interface SbdhHeader {
  readonly sender: ParticipantId;
  readonly receiver: ParticipantId;
  /** Peppol document type identifier (BusinessScope DOCUMENTID), else `Standard::Type`. */
  readonly documentType: string;
  /** Peppol process identifier (BusinessScope PROCESSID), when given. */
  readonly process?: string | undefined;
  readonly instanceId: string;
  readonly createdAt?: string | undefined;
  readonly countryC1?: string | undefined;
}

export interface SbdhMessage {
  readonly header: SbdhHeader;
  /** The business document as XML text, namespace prefixes of the envelope carried over. */
  readonly document: string;
  /** The business document's element tree. */
  readonly root: XmlElement;
}

const child = (element: XmlElement | undefined, name: string) => element?.children.find((c) => c.name === name);
const path = (element: XmlElement | undefined, ...names: string[]) =>
  names.reduce<XmlElement | undefined>((at, name) => child(at, name), element);

/**
 * Reads a Peppol StandardBusinessDocument with the safe XML parser (no DOCTYPE, no entities,
 * size-limited): sender, receiver, document type, process, instance identifier and creation
 * time from the header, and the business document it carries.
 *
 * @throws {EnvelopeError} `ENVELOPE_UNREADABLE` (hostile or malformed XML) or
 *   `ENVELOPE_INVALID` (not an SBDH, or a header field missing).
 */
export function parseSbdh(raw: string | Buffer): SbdhMessage {
  let envelope: XmlElement;
  try {
    envelope = parseXml(raw);
  } catch (error) {
    if (error instanceof StructuredDocumentError) {
      throw new EnvelopeError('ENVELOPE_UNREADABLE', error.message, { cause: error });
    }
    throw error;
  }
  if (envelope.name !== 'StandardBusinessDocument') {
    throw new EnvelopeError('ENVELOPE_INVALID', `A ${envelope.name} root is not a StandardBusinessDocument.`);
  }
  const header = child(envelope, 'StandardBusinessDocumentHeader');
  const root = envelope.children.find((c) => c.name !== 'StandardBusinessDocumentHeader');
  const sender = parseParticipantId(path(header, 'Sender', 'Identifier')?.text);
  const receiver = parseParticipantId(path(header, 'Receiver', 'Identifier')?.text);
  const identification = child(header, 'DocumentIdentification');
  const instanceId = child(identification, 'InstanceIdentifier')?.text;
  const scopes = child(header, 'BusinessScope')?.children.filter((c) => c.name === 'Scope') ?? [];
  const scope = (type: string) =>
    scopes.find((s) => child(s, 'Type')?.text === type)?.children.find((c) => c.name === 'InstanceIdentifier')?.text ||
    undefined;
  const standard = child(identification, 'Standard')?.text;
  const type = child(identification, 'Type')?.text;
  const documentType = scope('DOCUMENTID') ?? (standard && type ? `${standard}::${type}` : undefined);
  const missing = [
    !header && 'StandardBusinessDocumentHeader',
    !sender && 'Sender/Identifier',
    !receiver && 'Receiver/Identifier',
    !instanceId && 'DocumentIdentification/InstanceIdentifier',
    !documentType && 'DOCUMENTID',
    !root && 'the business document',
  ].filter((m): m is string => typeof m === 'string');
  if (missing.length > 0 || !sender || !receiver || !instanceId || !documentType || !root) {
    throw new EnvelopeError('ENVELOPE_INVALID', `The SBDH lacks ${missing.join(', ')}.`);
  }
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  return {
    header: {
      sender,
      receiver,
      documentType,
      process: scope('PROCESSID'),
      instanceId,
      createdAt: child(identification, 'CreationDateAndTime')?.text || undefined,
      countryC1: scope('COUNTRY_C1'),
    },
    document: innerDocument(text),
    root,
  };
}

/**
 * The business document's text: what follows the header, up to the envelope's end tag. Prefixed
 * namespace declarations made on the envelope are copied onto the document's root, so the
 * document stands on its own.
 */
function innerDocument(text: string): string {
  const headerEnd = /<\/(?:[\w.-]+:)?StandardBusinessDocumentHeader\s*>/.exec(text);
  const envelopeEnd = text.search(/<\/(?:[\w.-]+:)?StandardBusinessDocument\s*>\s*$/);
  if (!headerEnd || envelopeEnd < 0) throw new EnvelopeError('ENVELOPE_INVALID', 'The SBDH holds no document.');
  const inner = text.slice(headerEnd.index + headerEnd[0].length, envelopeEnd).trim();
  const envelopeMatch = /<(?:([\w.-]+):)?StandardBusinessDocument\b[^>]*>/.exec(text);
  const envelopeTag = envelopeMatch?.[0] ?? '';
  const rootTag = /^<[^>]*>/.exec(inner)?.[0] ?? '';
  // The envelope's own prefix stays behind; prefixes the document uses undeclared come along.
  const inherited = [...envelopeTag.matchAll(/\sxmlns:([\w.-]+)\s*=\s*("[^"]*"|'[^']*')/g)]
    .filter(([, prefix]) => prefix !== envelopeMatch?.[1])
    .filter(([, prefix]) => !new RegExp(`\\sxmlns:${prefix}\\s*=`).test(rootTag))
    .map(([declaration]) => declaration)
    .join('');
  if (!inherited || !rootTag) return inner;
  const at = rootTag.endsWith('/>') ? rootTag.length - 2 : rootTag.length - 1;
  return `${rootTag.slice(0, at)}${inherited}${rootTag.slice(at)}${inner.slice(rootTag.length)}`;
}
