import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import {
  GetQueueAttributesCommand,
  SendMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Command, Option } from 'commander';
import { simpleParser } from 'mailparser';
import { twinApConnection } from '#functions/shared/adapters/access-point-bucket.ts';
import { dlqName, queueArn, queueUrl, stateMachineArn } from '#infra/local/aws-names.ts';
import { devIssuer } from '#infra/local/dev-issuer.ts';
import { queues, schedules } from '#infra/wiring.ts';
import { parseStatementFile } from '#packages/bank/statements';
import { listInboundEmails, listRawInputs } from '#packages/intake';
import { DomainError, formatCents, newId } from '#packages/kernel';
import { addressForDelivery, selectForValidation, signApMessage, validateInvoice } from '#packages/peppol';
import { closeOcr, type RecognitionResult, recogniseDocument } from '#packages/recognition';
import type { Table } from '#packages/table';
import { type Administration, tenancyRepository } from '#packages/tenancy';
import { LOCAL_DIR, type LocalRuntime, readRuntime } from './runtime-file.ts';

/**
 * The operator CLI: `npm run cli -- <command>`. Human-readable by default, `--json` for
 * scripts. It works on the running local back end (`npm start`), through the same AWS APIs
 * the handlers use.
 */
// The SDK warns on every client that Node 20 support ends in 2027; the README's deploy notes say so once.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const program = new Command('cli').description('Operate the Samenwerken back end.').showHelpAfterError();
program.addOption(new Option('--json', 'print JSON instead of text'));
program.addOption(
  new Option('--data-dir <dir>', 'the data directory the back end was started with').default(LOCAL_DIR),
);

const runtimeOf = () => readRuntime(program.opts<{ dataDir: string }>().dataDir);

const asJson = () => program.opts<{ json?: boolean }>().json === true;

function print(value: unknown, text: () => string) {
  process.stdout.write(`${asJson() ? JSON.stringify(value) : text()}\n`);
}

function table(rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return '(none)';
  const cols = Object.keys(rows[0] ?? {});
  const cell = (v: unknown) => (Array.isArray(v) ? v.join(',') : String(v ?? ''));
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    line(cols),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(cols.map((c) => cell(r[c])))),
  ].join('\n');
}

function clients(runtime: LocalRuntime) {
  const config = {
    region: runtime.env.AWS_REGION ?? 'eu-west-1',
    credentials: {
      accessKeyId: runtime.env.AWS_ACCESS_KEY_ID ?? '',
      secretAccessKey: runtime.env.AWS_SECRET_ACCESS_KEY ?? '',
    },
  };
  const dynamodb = new DynamoDBClient({ ...config, endpoint: runtime.env.AWS_ENDPOINT_URL_DYNAMODB });
  const tableRef: Table = {
    doc: DynamoDBDocumentClient.from(dynamodb),
    name: runtime.env.TABLE_NAME ?? '',
  };
  return {
    table: tableRef,
    sqs: new SQSClient({ ...config, endpoint: runtime.env.AWS_ENDPOINT_URL_SQS }),
    sfn: new SFNClient({ ...config, endpoint: runtime.env.AWS_ENDPOINT_URL_SFN }),
    s3: new S3Client({ ...config, endpoint: runtime.env.AWS_ENDPOINT_URL_S3, forcePathStyle: true }),
    bucket: runtime.env.BUCKET_NAME ?? '',
    sqsEndpoint: runtime.env.AWS_ENDPOINT_URL_SQS ?? '',
  };
}

program
  .command('token')
  .description('sign an ID token for a user of the local back end (the dev issuer stands in for Cognito)')
  .requiredOption('--user <email>', 'e-mail address of the user')
  .option('--ttl <seconds>', 'lifetime in seconds', '3600')
  .action(async (opts: { user: string; ttl: string }) => {
    const runtime = await runtimeOf();
    const { table: t } = clients(runtime);
    const repo = tenancyRepository(t);
    const found = await repo.findUserByEmail(opts.user);
    if (!found)
      throw new Error(`No user with e-mail ${opts.user}. List them with: npm run cli -- users list --firm <id>`);
    const user = await repo.getUser(found.firmId, found.userId);
    if (!user) throw new Error(`User ${found.userId} has no profile.`);
    const issuer = await devIssuer(runtime.issuer, join(program.opts<{ dataDir: string }>().dataDir, 'dev-issuer'));
    const ttl = Number(opts.ttl);
    const token = await issuer.sign(
      { userId: user.id, email: user.email, firmId: user.firmId, userType: user.type },
      ttl,
    );
    print({ token, userId: user.id, firmId: user.firmId, userType: user.type, expiresIn: ttl }, () => token);
  });

const administrations = program.command('administrations').description('administrations of all firms');
administrations
  .command('list')
  .option('--firm <id>', 'only this firm')
  .action(async (opts: { firm?: string }) => {
    const { table: t } = clients(await runtimeOf());
    const repo = tenancyRepository(t);
    const firmIds: string[] = [];
    if (opts.firm) firmIds.push(opts.firm);
    else {
      let cursor: string | undefined;
      do {
        const page = await repo.listFirms(cursor);
        firmIds.push(...page.items.map((f) => f.id));
        cursor = page.nextCursor;
      } while (cursor);
    }
    const rows: Administration[] = [];
    for (const firmId of firmIds) {
      let cursor: string | undefined;
      do {
        const page = await repo.listAdministrations(firmId, cursor, 100);
        rows.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
    }
    print(rows, () =>
      table(
        rows.map((a) => ({
          firm: a.firmId,
          id: a.id,
          name: a.legalName,
          country: a.country,
          plan: a.plan,
          addOns: a.addOns,
          inbox: a.inboundEmailAddress,
        })),
      ),
    );
  });

const users = program.command('users').description('users of a firm');
users
  .command('list')
  .requiredOption('--firm <id>', 'firm id')
  .action(async (opts: { firm: string }) => {
    const { table: t } = clients(await runtimeOf());
    const page = await tenancyRepository(t).listUsers(opts.firm, undefined, 100);
    print(page.items, () =>
      table(page.items.map((u) => ({ id: u.id, email: u.email, name: u.name, type: u.type, role: u.role ?? '' }))),
    );
  });

const schedule = program.command('schedule').description('EventBridge schedules of the wiring');
schedule.command('list').action(() => {
  const rows = schedules.map((s) => ({
    name: s.name,
    expression: s.expression,
    timezone: s.timezone,
    target: `${s.target.kind}:${s.target.name}`,
  }));
  print(rows, () => table(rows));
});
schedule
  .command('fire <name>')
  .description('deliver the schedule to its target now, as EventBridge Scheduler would')
  .option('--input <json>', 'replace the schedule input')
  .option('--wait', 'wait for a state machine execution to finish')
  .action(async (name: string, opts: { input?: string; wait?: boolean }) => {
    const decl = schedules.find((s) => s.name === name);
    if (!decl) throw new Error(`No schedule '${name}'. Known: ${schedules.map((s) => s.name).join(', ')}`);
    const runtime = await runtimeOf();
    const { sfn, sqs, sqsEndpoint } = clients(runtime);
    const input = opts.input ?? JSON.stringify(decl.input);
    if (decl.target.kind === 'queue') {
      const out = await sqs.send(
        new SendMessageCommand({ QueueUrl: queueUrl(sqsEndpoint, decl.target.name), MessageBody: input }),
      );
      print({ schedule: name, messageId: out.MessageId }, () => `Sent message ${out.MessageId} to ${decl.target.name}`);
      return;
    }
    const started = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: stateMachineArn(decl.target.name),
        name: `${name}-manual-${Date.now()}`,
        input,
      }),
    );
    if (!opts.wait) {
      print({ schedule: name, executionArn: started.executionArn }, () => `Started ${started.executionArn}`);
      return;
    }
    for (;;) {
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
      if (d.status !== 'RUNNING') {
        const result = {
          schedule: name,
          executionArn: started.executionArn,
          status: d.status,
          output: d.output ? JSON.parse(d.output) : undefined,
          error: d.error,
          cause: d.cause,
        };
        print(result, () => `${d.status}: ${started.executionArn}\n${d.output ?? d.cause ?? ''}`);
        if (d.status !== 'SUCCEEDED') process.exitCode = 1;
        return;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  });

const queue = program.command('queue').description('SQS queues of the wiring and their DLQs');
queue.command('list').action(async () => {
  const { sqs, sqsEndpoint } = clients(await runtimeOf());
  const rows: { queue: string; visible: number; inFlight: number }[] = [];
  for (const q of queues) {
    for (const name of [q.name, dlqName(q.name)]) {
      const out = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl(sqsEndpoint, name),
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      rows.push({
        queue: name,
        visible: Number(out.Attributes?.ApproximateNumberOfMessages ?? 0),
        inFlight: Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
      });
    }
  }
  print(rows, () => table(rows));
});
queue
  .command('redrive <name>')
  .description("move every message of the queue's DLQ back to the queue")
  .action(async (name: string) => {
    if (!queues.some((q) => q.name === name))
      throw new Error(`No queue '${name}'. Known: ${queues.map((q) => q.name).join(', ')}`);
    const { sqs } = clients(await runtimeOf());
    const out = await sqs.send(
      new StartMessageMoveTaskCommand({ SourceArn: queueArn(dlqName(name)), DestinationArn: queueArn(name) }),
    );
    print(
      { queue: name, taskHandle: out.TaskHandle },
      () => `Redriving ${dlqName(name)} → ${name} (task ${out.TaskHandle})`,
    );
  });

const raw = program.command('raw-inputs').description('raw input registered from the bucket');
raw
  .command('list')
  .option('--day <yyyy-mm-dd>', 'arrival day (UTC)', new Date().toISOString().slice(0, 10))
  .action(async (opts: { day: string }) => {
    const { table: t } = clients(await runtimeOf());
    const page = await listRawInputs(t, opts.day);
    print(page.items, () =>
      table(
        page.items.map((i) => ({
          key: i.key,
          source: i.source,
          size: i.size,
          arrivedAt: i.arrivedAt,
          status: i.status,
        })),
      ),
    );
  });

const mail = program.command('mail').description('e-mail intake');
mail
  .command('ingest <file>')
  .description('deliver a stored e-mail (.eml) to intake as the SMTP twin would, and print what became of it')
  .option('--to <address>', 'envelope recipient (default: the To and Cc addresses)')
  .action(async (file: string, opts: { to?: string }) => {
    const runtime = await runtimeOf();
    const { table: t, sqs, sqsEndpoint, s3, bucket } = clients(runtime);
    const raw = await readFile(file);
    const parsed = await simpleParser(raw);
    const headerTo = [parsed.to, parsed.cc]
      .flat()
      .filter((x) => x !== undefined)
      .flatMap((a) => a.value.map((v) => v.address ?? ''))
      .filter(Boolean);
    const to = opts.to ? [opts.to] : headerTo;
    const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
    const key = `raw/email/${day}/${newId()}-${basename(file).replace(/[^\w.-]+/g, '_')}`;
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: raw,
        ContentType: 'message/rfc822',
        Metadata: { 'envelope-to': to.join(',') },
      }),
    );
    // Wait until the raw-inputs queue has nothing visible or in flight.
    for (let i = 0; i < 100; i++) {
      await new Promise((r) => setTimeout(r, 200));
      const attrs = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl(sqsEndpoint, 'raw-inputs'),
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      if (
        attrs.Attributes?.ApproximateNumberOfMessages === '0' &&
        attrs.Attributes?.ApproximateNumberOfMessagesNotVisible === '0'
      )
        break;
    }
    const repo = tenancyRepository(t);
    const results: { recipient: string; outcome: string; documents?: string[]; rejections: { reason: string }[] }[] =
      [];
    for (const address of to) {
      const target = await repo.routeInboundAddress(address.toLowerCase());
      if (!target) {
        results.push({ recipient: address, outcome: 'rejected', rejections: [{ reason: 'UNKNOWN_ADDRESS' }] });
        continue;
      }
      const log = await listInboundEmails(t, target.firmId, target.administrationId, { limit: 100 });
      results.push(...log.items.filter((l) => l.rawKey === key));
    }
    print({ file, rawKey: key, results }, () =>
      results
        .map(
          (r) =>
            `${r.recipient}: ${r.outcome}${r.documents ? `, ${r.documents.length} document(s)` : ''}${r.rejections.length ? ` (${r.rejections.map((x) => x.reason).join(', ')})` : ''}`,
        )
        .join('\n'),
    );
  });

const contentTypes: Readonly<Record<string, string>> = {
  '.pdf': 'application/pdf',
  '.xml': 'application/xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
};

/** A recognition result as the `recognise` command prints it: ISO dates, amounts as decimal strings. */
function recognisedFields(file: string, r: RecognitionResult) {
  const amount = (cents: number | undefined) => (cents === undefined ? undefined : formatCents(cents));
  const confidence = Object.fromEntries(
    Object.entries({
      documentType: r.documentType,
      supplierName: r.supplier.name,
      supplierVatNumber: r.supplier.vatNumber,
      supplierCompanyNumber: r.supplier.companyNumber,
      supplierIban: r.supplier.iban,
      invoiceNumber: r.invoiceNumber,
      invoiceDate: r.invoiceDate,
      dueDate: r.dueDate,
      currency: r.currency,
      paymentReference: r.paymentReference,
      netAmount: r.totals.net,
      vatAmount: r.totals.vat,
      grossAmount: r.totals.gross,
    }).flatMap(([name, field]) => (field ? [[name, field.confidence]] : [])),
  );
  return {
    file,
    source: r.source,
    documentType: r.documentType.value,
    supplierName: r.supplier.name?.value,
    supplierVatNumber: r.supplier.vatNumber?.value,
    supplierCompanyNumber: r.supplier.companyNumber?.value,
    supplierIban: r.supplier.iban?.value,
    customerName: r.customer.name?.value,
    customerVatNumber: r.customer.vatNumber?.value,
    invoiceNumber: r.invoiceNumber?.value,
    invoiceDate: r.invoiceDate?.value,
    dueDate: r.dueDate?.value,
    currency: r.currency?.value,
    paymentReference: r.paymentReference?.value,
    netAmount: amount(r.totals.net?.value),
    vatAmount: amount(r.totals.vat?.value),
    grossAmount: amount(r.totals.gross?.value),
    vatBreakdown: r.vatBreakdown.map((row) => ({
      rate: formatCents(row.rateBasisPoints),
      base: formatCents(row.base),
      vat: formatCents(row.vat),
      ...(row.category ? { category: row.category } : {}),
    })),
    lines: r.lines.map((line) => ({
      description: line.description,
      quantity: line.quantity,
      unitPrice: amount(line.unitPrice),
      net: amount(line.net),
      vatRate: amount(line.vatRateBasisPoints),
    })),
    issues: r.issues,
    confidence,
  };
}

function recognisedText(fields: ReturnType<typeof recognisedFields>): string {
  const join = (...parts: (string | undefined)[]) => parts.filter(Boolean).join('  ') || '-';
  return [
    `${fields.file}: ${fields.documentType} (${fields.source})`,
    `  supplier   ${join(fields.supplierName, fields.supplierVatNumber, fields.supplierCompanyNumber, fields.supplierIban)}`,
    `  number     ${join(fields.invoiceNumber, fields.invoiceDate, fields.dueDate && `due ${fields.dueDate}`)}`,
    `  totals     ${join(fields.currency, fields.netAmount && `net ${fields.netAmount}`, fields.vatAmount && `VAT ${fields.vatAmount}`, fields.grossAmount && `gross ${fields.grossAmount}`)}`,
    ...fields.vatBreakdown.map((row) => `  VAT ${row.rate} %  on ${row.base}: ${row.vat}`),
    ...(fields.paymentReference ? [`  reference  ${fields.paymentReference}`] : []),
    `  lines      ${fields.lines.length}`,
    ...fields.issues.map((issue) => `  issue      ${issue.field}: ${issue.message}`),
  ].join('\n');
}

interface RecogniseCommandOptions {
  readonly ownVat?: string[];
  readonly ownIban?: string[];
  readonly ownName?: string[];
  readonly pageOnly?: boolean;
}

program
  .command('recognise <files...>')
  .description('recognise documents locally (XML, PDF text layer, Factur-X, OCR), without the back end')
  .option('--own-vat <number...>', "the administration's own VAT numbers, not to be read as the supplier's")
  .option('--own-iban <iban...>', "the administration's own IBANs")
  .option('--own-name <name...>', "the administration's own names")
  .option('--page-only', 'read a PDF from its pages alone, ignoring an attached Factur-X, ZUGFeRD or UBL invoice')
  .action(async (files: string[], opts: RecogniseCommandOptions) => {
    const hints = {
      ownVatNumbers: opts.ownVat,
      ownIbans: opts.ownIban,
      ownNames: opts.ownName,
      pageOnly: opts.pageOnly === true,
    };
    try {
      for (const file of files) {
        try {
          const bytes = new Uint8Array(await readFile(file));
          const extension = /\.[^.]+$/.exec(file)?.[0]?.toLowerCase() ?? '';
          const result = await recogniseDocument(
            { bytes, fileName: basename(file), contentType: contentTypes[extension] },
            hints,
          );
          const fields = recognisedFields(file, result);
          print(fields, () => recognisedText(fields));
        } catch (error) {
          // One unreadable file does not stop the others; the exit code says something failed.
          process.exitCode = 1;
          const code =
            error instanceof DomainError
              ? error.code
              : (error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EISDIR'
                ? 'FILE_NOT_READABLE'
                : 'ANALYSIS_FAILED';
          const message = error instanceof Error ? error.message : String(error);
          print({ file, error: { code, message } }, () => `${file}: ${code}: ${message}`);
        }
      }
    } finally {
      await closeOcr();
    }
  });

const peppol = program
  .command('peppol')
  .description('Peppol e-invoices: validate files, deliver them as the access point');
peppol
  .command('validate <files...>')
  .description(
    "EN 16931 / Peppol BIS rules with their official ids; an SBDH is unwrapped. --select takes //*[local-name()='Invoice'], //Invoice or /Root/Child",
  )
  .option('--rules-only', 'run the business rules without requiring an Invoice/CreditNote root (fragments)')
  .option('--select <xpath>', 'validate only this element of each file')
  .action(async (files: string[], opts: { rulesOnly?: boolean; select?: string }) => {
    for (const file of files) {
      try {
        const xml = selectForValidation(await readFile(file, 'utf8'), opts.select);
        if (xml === undefined) throw new Error(`${opts.select} selects nothing`);
        const report = validateInvoice(xml, { rulesOnly: opts.rulesOnly === true });
        if (!report.valid) process.exitCode = 1;
        const findings = report.findings.map(({ id, flag, location, text }) => ({ id, flag, location, text }));
        print({ file, valid: report.valid, findings }, () =>
          [
            `${file}: ${report.valid ? 'valid' : 'NOT valid'}`,
            ...findings.map((f) => `  ${f.flag.padEnd(7)} ${f.id}  ${f.location}\n          ${f.text}`),
          ].join('\n'),
        );
      } catch (error) {
        process.exitCode = 1;
        const message = error instanceof Error ? error.message : String(error);
        print({ file, valid: false, error: message, findings: [] }, () => `${file}: ${message}`);
      }
    }
  });
peppol
  .command('send <file>')
  .description('POST an SBDH (or a bare UBL invoice, wrapped) to the running back end as the access point, HMAC-signed')
  .option('--to <participant>', "the receiving administration's participant id, e.g. 0106:27312152")
  .option('--connection <id>', 'access-point connection id', twinApConnection.id)
  .option('--secret <secret>', "the connection's shared secret (default: the twin's dev secret)")
  .action(async (file: string, opts: { to?: string; connection: string; secret?: string }) => {
    const runtime = await runtimeOf();
    const body = Buffer.from(addressForDelivery(await readFile(file, 'utf8'), { to: opts.to, now: new Date() }));
    const secret = opts.secret ?? twinApConnection.secret;
    const res = await fetch(`${runtime.apiUrl}/peppol/inbound`, {
      method: 'POST',
      headers: {
        'content-type': 'application/xml',
        'x-ap-connection': opts.connection,
        ...signApMessage(body, secret, new Date()),
      },
      body,
    });
    const answer = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok) process.exitCode = 1;
    print({ file, status: res.status, ...answer }, () =>
      res.ok
        ? `${file}: delivered (${res.status}), stored as ${String(answer.key)}; see raw-inputs list and the documents`
        : `${file}: ${res.status} ${String(answer.detail ?? answer.title ?? '')}`,
    );
  });

const bank = program.command('bank').description('bank statements: read camt.052/053/054, MT940/MT942 and CODA files');
bank
  .command('import <files...>')
  .description('read statement files locally, without the back end: statements, lines and the balance check')
  .action(async (files: string[]) => {
    for (const file of files) {
      try {
        const parsed = parseStatementFile(new Uint8Array(await readFile(file)), basename(file));
        const statements = parsed.statements.map((s) => ({
          account: s.account,
          currency: s.currency,
          openingBalance: s.openingBalance === undefined ? null : formatCents(s.openingBalance),
          closingBalance: s.closingBalance === undefined ? null : formatCents(s.closingBalance),
          lines: s.lines.map((l) => ({
            bookingDate: l.bookingDate,
            valueDate: l.valueDate ?? null,
            amount: formatCents(l.amount),
            counterpartyName: l.counterpartyName ?? null,
            counterpartyIban: l.counterpartyIban ?? null,
            remittance: l.remittance ?? null,
            structuredReference: l.structuredReference ?? null,
          })),
          balanceCheck: {
            ok: s.balanceCheck.ok,
            difference: formatCents(s.balanceCheck.difference),
            ...(s.balanceCheck.unchecked ? { unchecked: s.balanceCheck.unchecked } : {}),
          },
        }));
        print({ file, format: parsed.format, statements }, () =>
          [
            `${file}: ${parsed.version ?? parsed.format}, ${statements.length} statement(s)`,
            ...statements.map(
              (s) =>
                `  ${s.account} ${s.currency}  ${s.openingBalance ?? '?'} → ${s.closingBalance ?? '?'}  ${s.lines.length} line(s)  ` +
                (s.balanceCheck.unchecked
                  ? `balance not checked: ${s.balanceCheck.unchecked}`
                  : s.balanceCheck.ok
                    ? 'balance ok'
                    : `BALANCE OFF by ${s.balanceCheck.difference}`),
            ),
          ].join('\n'),
        );
      } catch (error) {
        // One unreadable file does not stop the others; the exit code says something failed.
        process.exitCode = 1;
        const message = error instanceof Error ? error.message : String(error);
        print({ file, error: message }, () => `${file}: ${message}`);
      }
    }
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
