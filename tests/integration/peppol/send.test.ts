import { beforeAll, describe, expect, it } from 'vitest';
import { httpAccessPoint } from '#functions/shared/adapters/access-point-http.ts';
import { staticSmp } from '#functions/shared/adapters/smp-static.ts';
import { systemClock } from '#packages/kernel';
import { type AccessPointMessage, type OutboundPeppolMessage, sendPeppolMessage } from '#packages/peppol';
import type { Table } from '#packages/table';
import { freshTable } from '../../helpers/table.ts';

let table: Table;
beforeAll(async () => {
  ({ table } = await freshTable());
});

let n = 0;
const message = (receiver = '0106:12345678'): OutboundPeppolMessage => ({
  version: 1,
  messageId: `msg-${Date.now()}-${n++}`,
  kind: 'invoice-response',
  responseCode: 'AB',
  sbdh: '<StandardBusinessDocument><InstanceIdentifier>x</InstanceIdentifier></StandardBusinessDocument>',
  receiver,
  documentType: 'urn:doc',
  process: 'urn:process',
});

const recordingAp = () => {
  const sent: AccessPointMessage[] = [];
  const send = async (m: AccessPointMessage) => {
    sent.push(m);
    return { messageId: `ap-${sent.length}` };
  };
  return { sent, send };
};

describe('sendPeppolMessage', () => {
  it('sends through the access point once per message id, however often it is delivered', async () => {
    const ap = recordingAp();
    const deps = { table, clock: systemClock, accessPoint: ap, smp: staticSmp() };
    const m = message();
    expect(await sendPeppolMessage(deps, m)).toEqual({ outcome: 'sent', apMessageId: 'ap-1' });
    expect(await sendPeppolMessage(deps, m)).toEqual({ outcome: 'already-sent' });
    expect(ap.sent).toHaveLength(1);
    expect(ap.sent[0]).toEqual({ sbdh: m.sbdh, receiver: m.receiver, documentType: 'urn:doc', process: 'urn:process' });
  });

  it('sends nothing to a receiver whose SMP does not list the document type', async () => {
    const ap = recordingAp();
    const deps = { table, clock: systemClock, accessPoint: ap, smp: staticSmp(['0106:99999999|urn:doc']) };
    expect(await sendPeppolMessage(deps, message('0106:99999999'))).toEqual({ outcome: 'not-capable' });
    expect(ap.sent).toEqual([]);
  });

  it('lets a failing access point throw so the queue retries, and sends on the next try', async () => {
    let fail = true;
    const accessPoint = {
      send: async () => {
        if (fail) throw new Error('AP down');
        return { messageId: 'ap-ok' };
      },
    };
    const deps = { table, clock: systemClock, accessPoint, smp: staticSmp() };
    const m = message();
    await expect(sendPeppolMessage(deps, m)).rejects.toThrow('AP down');
    fail = false;
    expect(await sendPeppolMessage(deps, m)).toEqual({ outcome: 'sent', apMessageId: 'ap-ok' });
  });
});

describe('httpAccessPoint', () => {
  it('POSTs the SBDH with the bearer token and routing headers, and returns the provider id', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const ap = httpAccessPoint({
      url: 'https://ap.example.test/messages',
      token: 'tok',
      fetch: async (url, init) => {
        calls.push({ url: String(url), init: init ?? {} });
        return new Response(JSON.stringify({ messageId: 'prov-1' }), { status: 201 });
      },
    });
    const m = message();
    expect(await ap.send(m)).toEqual({ messageId: 'prov-1' });
    const headers = calls[0]?.init.headers as Record<string, string>;
    expect(calls[0]?.init.method).toBe('POST');
    expect(headers.authorization).toBe('Bearer tok');
    expect(headers['x-peppol-receiver']).toBe(m.receiver);
    expect(headers['idempotency-key']).toBe('x');
    expect(calls[0]?.init.body).toBe(m.sbdh);
  });

  it('throws on a 5xx answer so the message is retried', async () => {
    const ap = httpAccessPoint({
      url: 'https://ap.example.test/messages',
      token: 'tok',
      fetch: async () => new Response('busy', { status: 503 }),
    });
    await expect(ap.send(message())).rejects.toThrow(/503/);
  });
});
