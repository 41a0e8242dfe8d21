import { randomBytes } from 'node:crypto';

/**
 * Just enough RFC 5322 / MIME to write the messages SES would send (text, HTML, attachments) and
 * to read them back, and the inbound mail the SMTP twin stores.
 */

/** An attachment of a built or parsed message. */
export interface MimeAttachment {
  readonly filename?: string;
  readonly contentType: string;
  readonly content: Buffer;
  readonly contentId?: string;
  readonly inline?: boolean;
  readonly description?: string;
}

/** What {@link buildMessage} writes. Address lists hold `addr` or `Name <addr>` strings. */
export interface MessageSpec {
  readonly from: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly replyTo: readonly string[];
  readonly subject: string;
  readonly text?: string;
  readonly html?: string;
  readonly attachments: readonly MimeAttachment[];
  /** Extra headers, written after the standard ones. */
  readonly headers: readonly { readonly name: string; readonly value: string }[];
  /** Without angle brackets. */
  readonly messageId: string;
  readonly date: Date;
}

/** A parsed message. Header names are lower-case; values are unfolded and RFC 2047-decoded. */
export interface ParsedMessage {
  readonly headers: ReadonlyMap<string, readonly string[]>;
  readonly text?: string;
  readonly html?: string;
  readonly attachments: readonly MimeAttachment[];
}

const CRLF = '\r\n';

const NEEDS_ENCODING = /[^\x20-\x7e]/;

/** RFC 5322 date with a numeric zone. */
export function formatDate(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

/** RFC 2047 encoded words (UTF-8, base64) for non-ASCII text, each within the 75-character limit. */
export function encodeWords(text: string): string {
  if (!NEEDS_ENCODING.test(text)) return text;
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    // 45 bytes of UTF-8 become 60 base64 characters: with `=?UTF-8?B?` and `?=` a word stays under 75.
    if (Buffer.byteLength(chunk + char) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join(`${CRLF} `);
}

/** Splits `Name <addr>` into its parts; a bare address has no name. */
export function parseAddress(value: string): { name?: string; address: string } {
  const match = /^\s*(.*?)\s*<([^<>]+)>\s*$/.exec(value);
  if (!match) return { address: value.trim() };
  const name = match[1]!.replace(/^"(.*)"$/, '$1').replace(/\\(.)/g, '$1');
  return name ? { name, address: match[2]!.trim() } : { address: match[2]!.trim() };
}

function formatAddress(value: string): string {
  const { name, address } = parseAddress(value);
  if (!name) return address;
  if (NEEDS_ENCODING.test(name)) return `${encodeWords(name)} <${address}>`;
  const quoted = /[()<>[\]:;@\\,."]/.test(name) ? `"${name.replace(/(["\\])/g, '\\$1')}"` : name;
  return `${quoted} <${address}>`;
}

/** Quoted-printable (RFC 2045) with CRLF line breaks and lines of at most 76 characters. */
export function encodeQuotedPrintable(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => {
      const bytes = Buffer.from(line, 'utf8');
      let out = '';
      let current = '';
      bytes.forEach((b, i) => {
        const last = i === bytes.length - 1;
        const encode = b === 0x3d || b > 0x7e || (b < 0x20 && b !== 0x09) || ((b === 0x20 || b === 0x09) && last);
        const token = encode ? `=${b.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(b);
        if (current.length + token.length > 75) {
          out += `${current}=${CRLF}`;
          current = '';
        }
        current += token;
      });
      return out + current;
    })
    .join(CRLF);
}

function decodeQuotedPrintable(text: string): Buffer {
  const bytes: number[] = [];
  const body = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    const hex = body.slice(i + 1, i + 3);
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(c.charCodeAt(0) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

function base64Lines(content: Buffer): string {
  return (content.toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);
}

function boundary(): string {
  return `----=_Part_${randomBytes(12).toString('hex')}`;
}

function paramValue(name: string, value: string): string {
  if (NEEDS_ENCODING.test(value)) return `${name}*=UTF-8''${encodeURIComponent(value)}`;
  return `${name}="${value.replace(/(["\\])/g, '\\$1')}"`;
}

function textPart(subtype: 'plain' | 'html', body: string): string {
  return [
    `Content-Type: text/${subtype}; charset=UTF-8`,
    'Content-Transfer-Encoding: quoted-printable',
    '',
    encodeQuotedPrintable(body),
  ].join(CRLF);
}

function multipart(subtype: string, parts: readonly string[]): string {
  const b = boundary();
  return [
    `Content-Type: multipart/${subtype};${CRLF} boundary="${b}"`,
    '',
    ...parts.flatMap((p) => [`--${b}`, p]),
    `--${b}--`,
    '',
  ].join(CRLF);
}

function attachmentPart(a: MimeAttachment): string {
  const lines = [
    `Content-Type: ${a.contentType}${a.filename ? `;${CRLF} ${paramValue('name', a.filename)}` : ''}`,
    `Content-Disposition: ${a.inline ? 'inline' : 'attachment'}${a.filename ? `;${CRLF} ${paramValue('filename', a.filename)}` : ''}`,
    'Content-Transfer-Encoding: base64',
  ];
  if (a.contentId) lines.push(`Content-ID: <${a.contentId.replace(/^<|>$/g, '')}>`);
  if (a.description) lines.push(`Content-Description: ${encodeWords(a.description)}`);
  return [...lines, '', base64Lines(a.content)].join(CRLF);
}

/** Writes an RFC 5322 message: text and/or HTML (alternative), attachments (mixed). */
export function buildMessage(spec: MessageSpec): string {
  const headers = [
    `From: ${formatAddress(spec.from)}`,
    ...(spec.to.length ? [`To: ${spec.to.map(formatAddress).join(`,${CRLF} `)}`] : []),
    ...(spec.cc.length ? [`Cc: ${spec.cc.map(formatAddress).join(`,${CRLF} `)}`] : []),
    ...(spec.replyTo.length ? [`Reply-To: ${spec.replyTo.map(formatAddress).join(`,${CRLF} `)}`] : []),
    `Subject: ${encodeWords(spec.subject)}`,
    `Date: ${formatDate(spec.date)}`,
    `Message-ID: <${spec.messageId}>`,
    'MIME-Version: 1.0',
    ...spec.headers.map((h) => `${h.name}: ${encodeWords(h.value)}`),
  ];
  const bodies = [
    ...(spec.text !== undefined ? [textPart('plain', spec.text)] : []),
    ...(spec.html !== undefined ? [textPart('html', spec.html)] : []),
  ];
  let body = bodies.length > 1 ? multipart('alternative', bodies) : (bodies[0] ?? textPart('plain', ''));
  if (spec.attachments.length > 0) body = multipart('mixed', [body, ...spec.attachments.map(attachmentPart)]);
  return `${headers.join(CRLF)}${CRLF}${body}${body.endsWith(CRLF) ? '' : CRLF}`;
}

/** Decodes RFC 2047 encoded words; whitespace between adjacent words goes, as the RFC says. */
export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?[^?]+\?[BbQq]\?[^?]*\?=)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_whole, charset: string, encoding: string, text: string) => {
      const bytes =
        encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : decodeQuotedPrintable(text.replace(/_/g, ' '));
      return decodeText(bytes, charset);
    });
}

function decodeText(bytes: Buffer, charset = 'utf-8'): string {
  try {
    return new TextDecoder(charset.replace(/\*.*$/, '')).decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

function splitHead(raw: string): { head: string; body: string } {
  const match = /\r?\n\r?\n/.exec(raw);
  if (!match) return { head: raw, body: '' };
  return { head: raw.slice(0, match.index), body: raw.slice(match.index + match[0].length) };
}

function parseHeaders(head: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers.set(name, [...(headers.get(name) ?? []), value]);
  }
  return headers;
}

/** `type/subtype; a=b; c="d"` into the lower-case type and its parameters (RFC 2231 `*` decoded). */
function parseStructured(value: string | undefined): { value: string; params: Map<string, string> } {
  const [first = '', ...rest] = (value ?? '').match(/(?:[^;"]|"(?:\\.|[^"])*")+/g) ?? [];
  const params = new Map<string, string>();
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    let v = part.slice(eq + 1).trim();
    if (v.startsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    if (key.endsWith('*')) {
      const encoded = /^([^']*)'[^']*'(.*)$/.exec(v);
      params.set(key.slice(0, -1), encoded ? decodeURIComponent(encoded[2]!) : v);
    } else {
      params.set(key, decodeWords(v));
    }
  }
  return { value: first.trim().toLowerCase(), params };
}

function decodeBody(body: string, encoding: string | undefined): Buffer {
  switch ((encoding ?? '7bit').trim().toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64');
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    default:
      return Buffer.from(body, 'latin1');
  }
}

/** Parses a message (the raw bytes, as stored) into headers, text, HTML and attachments. */
export function parseMessage(raw: string | Buffer): ParsedMessage {
  // latin1 keeps every byte as one character, so bodies decode back to the exact bytes.
  const source = typeof raw === 'string' ? Buffer.from(raw, 'utf8').toString('latin1') : raw.toString('latin1');
  let text: string | undefined;
  let html: string | undefined;
  const attachments: MimeAttachment[] = [];
  let topHeaders: Map<string, string[]> | undefined;

  const visit = (entity: string): void => {
    const { head, body } = splitHead(entity);
    const rawHeaders = parseHeaders(head);
    topHeaders ??= rawHeaders;
    const type = parseStructured(rawHeaders.get('content-type')?.[0] ?? 'text/plain');
    if (type.value.startsWith('multipart/')) {
      const b = type.params.get('boundary');
      if (!b) return;
      const delimiter = new RegExp(
        `(?:^|\\r?\\n)--${b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(--)?[ \\t]*(?=\\r?\\n|$)`,
        'g',
      );
      const pieces = body.split(delimiter);
      // split() with a capture group interleaves the `--` markers; parts sit between the delimiters.
      for (let i = 2; i < pieces.length; i += 2) {
        if (pieces[i - 1] === '--') break;
        visit((pieces[i] ?? '').replace(/^\r?\n/, ''));
      }
      return;
    }
    const disposition = parseStructured(rawHeaders.get('content-disposition')?.[0]);
    const filename = disposition.params.get('filename') ?? type.params.get('name');
    const content = decodeBody(body, rawHeaders.get('content-transfer-encoding')?.[0]);
    if (disposition.value === 'attachment' || filename !== undefined || !type.value.startsWith('text/')) {
      const contentId = rawHeaders.get('content-id')?.[0]?.replace(/^<|>$/g, '');
      attachments.push({
        contentType: type.value,
        content,
        ...(filename !== undefined ? { filename } : {}),
        ...(contentId ? { contentId } : {}),
        ...(disposition.value === 'inline' ? { inline: true } : {}),
      });
    } else if (type.value === 'text/html' && html === undefined) {
      html = decodeText(content, type.params.get('charset'));
    } else if (type.value === 'text/plain' && text === undefined) {
      text = decodeText(content, type.params.get('charset'));
    }
  };
  visit(source);

  const headers = new Map<string, string[]>();
  for (const [name, values] of topHeaders ?? []) {
    headers.set(
      name,
      values.map((v) => decodeWords(Buffer.from(v, 'latin1').toString('utf8'))),
    );
  }
  return { headers, ...(text !== undefined ? { text } : {}), ...(html !== undefined ? { html } : {}), attachments };
}

/** The addresses of an address-list header value (`a@x, "B" <b@y>`), without names. */
export function addressesOf(value: string | undefined): string[] {
  if (!value) return [];
  return (value.match(/(?:[^,"]|"(?:\\.|[^"])*")+/g) ?? [])
    .map((part) => parseAddress(part).address)
    .filter((a) => a.length > 0);
}
