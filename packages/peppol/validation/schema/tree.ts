import type { XmlScanHandler } from '#packages/recognition';

/**
 * An element as the schema sees it: its prefix as written, local name and resolved namespace,
 * raw attributes and text. The shared parser drops namespaces, which a schema check needs.
 */
export interface NamespacedElement {
  readonly qname: string;
  readonly local: string;
  /** The namespace the prefix (or the default namespace) is bound to; undefined when none. */
  readonly namespace: string | undefined;
  readonly attributes: Readonly<Record<string, string>>;
  /** The element's own character data, concatenated, undecoded and untrimmed. */
  readonly text: string;
  readonly children: readonly NamespacedElement[];
}

interface Open {
  qname: string;
  local: string;
  namespace: string | undefined;
  attributes: Record<string, string>;
  text: string;
  children: NamespacedElement[];
  scope: Scope;
}

type Scope = Readonly<Record<string, string>>;

// One pass over markup that the shared safe parser has already accepted as well-formed: comments,
// processing instructions, CDATA, end tags, start tags (attribute values may hold `>`), text.
const markup =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<\/([^\s>]+)\s*>|<([^\s/>!?]+)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>|([^<]+)/g;
const attribute = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * Reads XML that the shared safe parser has already accepted (well-formed, no DOCTYPE,
 * size-limited) into a namespace-aware tree, in one linear pass. Returns undefined when there is
 * no single root element.
 */
export function parseNamespaced(input: string | Buffer): NamespacedElement | undefined {
  const text = decode(input);
  const roots: NamespacedElement[] = [];
  const stack: Open[] = [];
  for (const match of text.matchAll(markup)) {
    const [whole, cdata, endTag, startTag, rawAttributes = '', selfClosing, characters] = match;
    const current = stack.at(-1);
    if (characters !== undefined || cdata !== undefined) {
      // CDATA is literal: escape it so that decoding the text later gives it back unchanged.
      if (current) current.text += characters ?? escapeCdata(cdata ?? '');
    } else if (startTag !== undefined) {
      const element = open(startTag, attributesOf(rawAttributes), current?.scope ?? xmlScope);
      if (selfClosing) close(element, stack.at(-1), roots);
      else stack.push(element);
    } else if (endTag !== undefined && current && current.qname === endTag) {
      stack.pop();
      close(current, stack.at(-1), roots);
    } else if (whole.startsWith('</')) {
      return undefined;
    }
  }
  return stack.length === 0 && roots.length === 1 ? roots[0] : undefined;
}

const xmlScope: Scope = { xml: 'http://www.w3.org/XML/1998/namespace' };

function attributesOf(rawAttributes: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [, name = '', double, single] of rawAttributes.matchAll(attribute))
    attributes[name] = double ?? single ?? '';
  return attributes;
}

function open(qname: string, attributes: Record<string, string>, outer: Scope): Open {
  let scope = outer;
  for (const name in attributes) {
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
    if (scope === outer) scope = { ...outer };
    (scope as Record<string, string>)[name === 'xmlns' ? '' : name.slice(6)] = attributes[name] as string;
  }
  const colon = qname.indexOf(':');
  return {
    qname,
    local: colon < 0 ? qname : qname.slice(colon + 1),
    // An empty default namespace declaration (xmlns="") means no namespace.
    namespace: scope[colon < 0 ? '' : qname.slice(0, colon)] || undefined,
    attributes,
    text: '',
    children: [],
    scope,
  };
}

/**
 * Builds the namespace-aware tree from what the shared scanner reports, as {@link parseNamespaced}
 * reads the same text: character data undecoded, CDATA escaped so that decoding gives it back.
 */
export class NamespacedBuilder implements XmlScanHandler {
  root: NamespacedElement | undefined;
  private readonly stack: Open[] = [];

  open(qname: string, attributes: readonly string[]): void {
    const own: Record<string, string> = {};
    for (let i = 0; i < attributes.length; i += 2) own[attributes[i] as string] = attributes[i + 1] as string;
    this.stack.push(open(qname, own, this.stack[this.stack.length - 1]?.scope ?? xmlScope));
  }

  text(value: string, cdata: boolean): void {
    const current = this.stack[this.stack.length - 1];
    if (current) current.text += cdata ? escapeCdata(value) : value;
  }

  close(): void {
    const done = this.stack.pop();
    if (!done) return;
    const roots: NamespacedElement[] = [];
    close(done, this.stack[this.stack.length - 1], roots);
    if (roots[0]) this.root = roots[0];
  }
}

const escapeCdata = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function close(element: Open, parent: Open | undefined, roots: NamespacedElement[]): void {
  const { scope: _scope, ...done } = element;
  if (parent) parent.children.push(done);
  else roots.push(done);
}

function decode(input: string | Buffer): string {
  if (typeof input === 'string') return input.replace(/^\uFEFF/, '');
  const encoding =
    input[0] === 0xff && input[1] === 0xfe
      ? 'utf-16le'
      : input[0] === 0xfe && input[1] === 0xff
        ? 'utf-16be'
        : /^<\?xml[^>]*encoding\s*=\s*["'](iso-8859-1|latin1|windows-1252)["']/i.test(
              input.subarray(0, 200).toString('latin1'),
            )
          ? 'windows-1252'
          : 'utf-8';
  return new TextDecoder(encoding).decode(input).replace(/^\uFEFF/, '');
}

const predefined: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the predefined entities and character references in character data. */
export function decodeText(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, ref: string) => {
    if (!ref.startsWith('#')) return predefined[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
