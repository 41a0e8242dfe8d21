/**
 * Namespace well-formedness (Namespaces in XML 1.0): every prefixed element or attribute name
 * uses a prefix declared on it or an ancestor. A document that breaks it is no XML document to a
 * validator, so it is refused before any rule runs. One pass over the markup; comments, CDATA and
 * processing instructions are stepped over.
 */
const attribute = /([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')/g;

export function findUnboundPrefix(xml: string): string | undefined {
  const scopes: Set<string>[] = [new Set(['xml'])];
  let i = xml.indexOf('<');
  while (i >= 0 && i < xml.length) {
    const next = xml[i + 1];
    if (next === '!') {
      const close = xml.startsWith('<!--', i) ? '-->' : xml.startsWith('<![CDATA[', i) ? ']]>' : '>';
      const end = xml.indexOf(close, i);
      i = end < 0 ? -1 : xml.indexOf('<', end + close.length);
      continue;
    }
    if (next === '?') {
      const end = xml.indexOf('?>', i);
      i = end < 0 ? -1 : xml.indexOf('<', end + 2);
      continue;
    }
    const end = xml.indexOf('>', i);
    if (end < 0) return undefined;
    if (next === '/') {
      scopes.pop();
      i = xml.indexOf('<', end + 1);
      continue;
    }
    const selfClosing = xml[end - 1] === '/';
    const tag = xml.slice(i + 1, selfClosing ? end - 1 : end);
    const name = /^[^\s/>]+/.exec(tag)?.[0] ?? '';
    const inherited = scopes[scopes.length - 1] as Set<string>;
    let bound = inherited;
    const names: string[] = [name];
    // Most tags carry no attributes: skip the attribute scan for them.
    if (tag.length > name.length) {
      for (const [, attr] of tag.slice(name.length).matchAll(attribute)) {
        if (attr?.startsWith('xmlns:')) {
          if (bound === inherited) bound = new Set(inherited);
          bound.add(attr.slice(6));
        } else if (attr && attr !== 'xmlns') names.push(attr);
      }
    }
    for (const qualified of names) {
      const colon = qualified.indexOf(':');
      if (colon > 0 && !bound.has(qualified.slice(0, colon))) return qualified.slice(0, colon);
    }
    if (!selfClosing) scopes.push(bound);
    i = xml.indexOf('<', end + 1);
  }
  return undefined;
}
