import { describe, expect, it } from 'vitest';
import { validateInvoice } from '#packages/peppol';

const cii = (body: string) =>
  `<?xml version="1.0"?><rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100">${body}</rsm:CrossIndustryInvoice>`;

describe('validateInvoice on namespaces', () => {
  it('refuses an element whose prefix is declared nowhere as XML-MALFORMED', () => {
    const report = validateInvoice(cii('<rsm:ExchangedDocument><cbc:ID>1</cbc:ID></rsm:ExchangedDocument>'));

    expect(report.valid).toBe(false);
    expect(report.findings).toEqual([expect.objectContaining({ id: 'XML-MALFORMED', flag: 'fatal' })]);
    expect(report.findings[0]?.text).toContain("'cbc'");
  });

  it('refuses an attribute whose prefix is declared nowhere', () => {
    const report = validateInvoice(cii('<rsm:ExchangedDocument xsi:type="x"/>'));

    expect(report.findings.map((f) => f.id)).toEqual(['XML-MALFORMED']);
  });

  it('accepts a prefix declared on the element itself or an ancestor, and not one declared on a sibling', () => {
    const declaredHere = cii('<rsm:ExchangedDocument><cbc:ID xmlns:cbc="urn:x">1</cbc:ID></rsm:ExchangedDocument>');
    const declaredOnSibling = cii('<ram:A xmlns:cbc="urn:x"/><cbc:ID>1</cbc:ID>');

    expect(validateInvoice(declaredHere).findings.map((f) => f.id)).not.toContain('XML-MALFORMED');
    expect(validateInvoice(declaredOnSibling).findings.map((f) => f.id)).toEqual(['XML-MALFORMED']);
  });
});
