import { describe, expect, it } from 'vitest';
import { parseXml, parseXmlStrictly, scanXml, XmlElementBuilder } from '#packages/recognition';

/** The tree the one-pass scanner builds, or undefined when it leaves the text to the strict parser. */
function scanned(xml: string) {
  const builder = new XmlElementBuilder();
  return scanXml(xml, builder) ? builder.root : undefined;
}

const refusal = (read: () => unknown) => {
  try {
    read();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected the XML to be refused');
};

describe('parseXml', () => {
  const documents: [what: string, xml: string][] = [
    [
      'prefixes dropped from elements and attributes',
      '<a:Invoice xmlns:a="urn:a" a:x="1" y="2"><a:ID>7</a:ID></a:Invoice>',
    ],
    ['references decoded, whitespace kept in raw', '<r><n>  a &amp; b &#x41;&#66; &foo; </n></r>'],
    ['CDATA joined with the text around it', '<r><n>x<![CDATA[ <&amp; ]]>y</n></r>'],
    [
      'comments and instructions stepped over',
      '<?xml version="1.0"?>\n<!-- c --><r><?pi "?"?><n>a<!--x-->b</n></r>\n<!-- end -->',
    ],
    ['CR LF and lone CR as LF, also across markup', '<r a="1\r\n2">x\r<b/>\ny\r\n</r>'],
    ['self-closing tags and spaces in tags', "<r ><a/><b x = '1' /><c\n/></r >"],
    ['a quote of the other kind and > in a value', `<r a="it's > 1" b='say "hi"'/>`],
  ];
  it.each(documents)('reads %s in one pass as the strict parser does', (_, xml) => {
    const tree = scanned(xml);

    expect(tree).toBeDefined();
    expect(JSON.stringify(tree)).toBe(JSON.stringify(parseXmlStrictly(xml)));
  });

  const leftAside: [what: string, xml: string][] = [
    ['an unclosed element', '<r><a></r>'],
    ['a second root', '<r/><s/>'],
    ['text after the root', '<r/>x'],
    ['a bad reference', '<r>a & b</r>'],
    ['a repeated attribute', '<r a="1" a="2"/>'],
    ['an XML declaration after the start', ' <?xml version="1.0"?><r/>'],
    ['a name that would pollute a prototype', '<r><__proto__/></r>'],
    ['a non-ASCII element name', '<r><é/></r>'],
  ];
  it.each(leftAside)('leaves %s to the strict parser, which decides as before', (_, xml) => {
    expect(scanned(xml)).toBeUndefined();
    let strict: string;
    try {
      strict = JSON.stringify(parseXmlStrictly(xml));
    } catch (error) {
      strict = `refused: ${(error as Error).message}`;
    }
    let read: string;
    try {
      read = JSON.stringify(parseXml(xml));
    } catch (error) {
      read = `refused: ${(error as Error).message}`;
    }

    expect(read).toBe(strict);
  });

  it('refuses a DOCTYPE before reading anything', () => {
    expect(refusal(() => parseXml('<!DOCTYPE r><r/>'))).toContain('DOCTYPE');
  });

  it('refuses elements nested deeper than the strict parser allows', () => {
    const deep = `${'<a>'.repeat(70)}${'</a>'.repeat(70)}`;

    expect(refusal(() => parseXml(deep))).toBe('The XML could not be parsed.');
  });
});
