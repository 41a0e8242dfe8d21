import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsError } from './aws-error.ts';
import { queueArn, queueNameFrom, queueUrl } from './aws-names.ts';
import type { Outbox, SendEmailRequest } from './outbox.ts';
import type { MessageAttributeInput, QueueRunner } from './queues.ts';
import type { ExecutionRecord, ExecutionStatus, StateMachineRunner } from './stepfunctions.ts';

/** Options of {@link startAwsEndpoint}. */
export interface AwsEndpointOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly queues: QueueRunner;
  readonly stateMachines: StateMachineRunner;
  readonly outbox: Outbox;
  readonly log?: (line: string) => void;
}

/** The running endpoint. */
export interface AwsEndpoint {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

type Json = Record<string, unknown>;
type Operation = (input: Json) => Json | Promise<Json>;

interface MoveTask {
  readonly TaskHandle: string;
  readonly Status: 'COMPLETED';
  readonly SourceArn: string;
  readonly DestinationArn: string;
  readonly ApproximateNumberOfMessagesMoved: number;
  readonly ApproximateNumberOfMessagesToMove: number;
  readonly StartedTimestamp: number;
}

// SES raw messages may be 40 MB, which base64 in JSON makes about 54 MB.
const MAX_BODY_BYTES = 64 * 1024 * 1024;

function str(input: Json, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw new AwsError('MissingParameter', `The request must contain the parameter ${field}.`, 400, 'MissingParameter');
  }
  return value;
}

function optional(input: Json, field: string): string | undefined {
  const value = input[field];
  return typeof value === 'string' ? value : undefined;
}

function epochSeconds(date: Date | undefined): number | undefined {
  return date ? date.getTime() / 1000 : undefined;
}

function executionSummary(r: ExecutionRecord): Json {
  return {
    executionArn: r.executionArn,
    stateMachineArn: r.stateMachineArn,
    name: r.name,
    status: r.status,
    startDate: epochSeconds(r.startDate),
    ...(r.stopDate ? { stopDate: epochSeconds(r.stopDate) } : {}),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new AwsError('RequestEntityTooLarge', 'Request body is too large', 413));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * One loopback HTTP server speaking the parts of SQS (JSON protocol), Step Functions (JSON
 * protocol) and SES v2 (REST JSON) that handlers and the operator CLI use, so the real SDK
 * clients work unchanged through `AWS_ENDPOINT_URL_SQS` / `_SFN` / `_SESV2`. Requests are not
 * signature-checked. Errors come in the AWS shape with the status AWS uses.
 */
export async function startAwsEndpoint(options: AwsEndpointOptions): Promise<AwsEndpoint> {
  const { queues, stateMachines, outbox } = options;
  const log = options.log ?? (() => undefined);
  const moveTasks: MoveTask[] = [];
  let endpoint = '';

  const queueOf = (input: Json): string => {
    const url = str(input, 'QueueUrl');
    const name = queueNameFrom(url);
    if (!name || !queues.has(name)) {
      throw new AwsError(
        'QueueDoesNotExist',
        'The specified queue does not exist.',
        400,
        'AWS.SimpleQueueService.NonExistentQueue',
      );
    }
    return name;
  };

  const sendOne = (name: string, entry: Json): Json => {
    const sent = queues.send(name, entry.MessageBody as string, {
      messageAttributes: entry.MessageAttributes as Record<string, MessageAttributeInput> | undefined,
      delaySeconds: entry.DelaySeconds as number | undefined,
    });
    return {
      MessageId: sent.messageId,
      MD5OfMessageBody: sent.md5OfBody,
      ...(sent.md5OfMessageAttributes ? { MD5OfMessageAttributes: sent.md5OfMessageAttributes } : {}),
    };
  };

  const sqs: Record<string, Operation> = {
    GetQueueUrl: (input) => {
      const name = str(input, 'QueueName');
      if (!queues.has(name)) {
        throw new AwsError(
          'QueueDoesNotExist',
          'The specified queue does not exist.',
          400,
          'AWS.SimpleQueueService.NonExistentQueue',
        );
      }
      return { QueueUrl: queueUrl(endpoint, name) };
    },
    ListQueues: (input) => {
      const prefix = optional(input, 'QueueNamePrefix') ?? '';
      const urls = queues
        .names()
        .filter((n) => n.startsWith(prefix))
        .sort()
        .map((n) => queueUrl(endpoint, n));
      return urls.length ? { QueueUrls: urls } : {};
    },
    SendMessage: (input) => sendOne(queueOf(input), input),
    SendMessageBatch: (input) => {
      const name = queueOf(input);
      const entries = (input.Entries ?? []) as Json[];
      if (!Array.isArray(entries) || entries.length === 0) {
        throw new AwsError(
          'EmptyBatchRequest',
          'There should be at least one SendMessageBatchRequestEntry in the request.',
          400,
          'AWS.SimpleQueueService.EmptyBatchRequest',
        );
      }
      if (entries.length > 10) {
        throw new AwsError(
          'TooManyEntriesInBatchRequest',
          `Maximum number of entries per request are 10. You have sent ${entries.length}.`,
          400,
          'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
        );
      }
      const ids = entries.map((e) => String(e.Id ?? ''));
      if (new Set(ids).size !== ids.length) {
        throw new AwsError(
          'BatchEntryIdsNotDistinct',
          'Two or more batch entries in the request have the same Id.',
          400,
          'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
        );
      }
      const bad = ids.find((id) => !/^[A-Za-z0-9_-]{1,80}$/.test(id));
      if (bad !== undefined) {
        throw new AwsError(
          'InvalidBatchEntryId',
          `A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long. Invalid id: '${bad}'`,
          400,
          'AWS.SimpleQueueService.InvalidBatchEntryId',
        );
      }
      const total = entries.reduce((sum, e) => sum + Buffer.byteLength(String(e.MessageBody ?? '')), 0);
      if (total > 262_144) {
        throw new AwsError(
          'BatchRequestTooLong',
          `Batch requests cannot be longer than 262144 bytes. You have sent ${total} bytes.`,
          400,
          'AWS.SimpleQueueService.BatchRequestTooLong',
        );
      }
      const Successful: Json[] = [];
      const Failed: Json[] = [];
      for (const entry of entries) {
        try {
          Successful.push({ Id: entry.Id, ...sendOne(name, entry) });
        } catch (error) {
          if (!(error instanceof AwsError)) throw error;
          Failed.push({ Id: entry.Id, SenderFault: true, Code: error.code, Message: error.message });
        }
      }
      return { Successful, Failed };
    },
    GetQueueAttributes: (input) => {
      const all = queues.attributes(queueOf(input));
      const wanted = (input.AttributeNames ?? []) as string[];
      if (wanted.includes('All')) return { Attributes: all };
      const unknown = wanted.find((w) => !(w in all));
      if (unknown)
        throw new AwsError('InvalidAttributeName', `Unknown Attribute ${unknown}.`, 400, 'InvalidAttributeName');
      return wanted.length ? { Attributes: Object.fromEntries(wanted.map((w) => [w, all[w]])) } : {};
    },
    StartMessageMoveTask: (input) => {
      const sourceArn = str(input, 'SourceArn');
      const source = queueNameFrom(sourceArn);
      if (!source || !queues.has(source) || queueArn(source) !== sourceArn) {
        throw new AwsError(
          'ResourceNotFoundException',
          `The resource that you specified for the SourceArn parameter doesn't exist.`,
          400,
          'ResourceNotFoundException',
        );
      }
      const original = queues.sourceOf(source);
      if (!original) {
        throw new AwsError(
          'InvalidParameterValue',
          `Source queue must be configured as a Dead Letter Queue.`,
          400,
          'InvalidParameterValue',
        );
      }
      const destinationArn = optional(input, 'DestinationArn') ?? queueArn(original);
      const destination = queueNameFrom(destinationArn);
      if (!destination || !queues.has(destination)) {
        throw new AwsError(
          'ResourceNotFoundException',
          `The resource that you specified for the DestinationArn parameter doesn't exist.`,
          400,
          'ResourceNotFoundException',
        );
      }
      const toMove = queues.peek(source).length;
      const moved = queues.redrive(source, destination);
      const task: MoveTask = {
        TaskHandle: Buffer.from(JSON.stringify({ taskId: randomUUID(), sourceArn })).toString('base64'),
        Status: 'COMPLETED',
        SourceArn: sourceArn,
        DestinationArn: destinationArn,
        ApproximateNumberOfMessagesMoved: moved,
        ApproximateNumberOfMessagesToMove: toMove,
        StartedTimestamp: Date.now(),
      };
      moveTasks.unshift(task);
      return { TaskHandle: task.TaskHandle };
    },
    ListMessageMoveTasks: (input) => {
      const sourceArn = str(input, 'SourceArn');
      const max = typeof input.MaxResults === 'number' ? input.MaxResults : 1;
      return { Results: moveTasks.filter((t) => t.SourceArn === sourceArn).slice(0, max) };
    },
  };

  const sfn: Record<string, Operation> = {
    StartExecution: (input) => {
      const record = stateMachines.start(
        str(input, 'stateMachineArn'),
        optional(input, 'input') ?? '{}',
        optional(input, 'name'),
      );
      return { executionArn: record.executionArn, startDate: epochSeconds(record.startDate) };
    },
    DescribeExecution: (input) => {
      const r = stateMachines.describe(str(input, 'executionArn'));
      return {
        ...executionSummary(r),
        input: r.input,
        inputDetails: { included: true },
        ...(r.output !== undefined ? { output: r.output, outputDetails: { included: true } } : {}),
        ...(r.error !== undefined ? { error: r.error } : {}),
        ...(r.cause !== undefined ? { cause: r.cause } : {}),
      };
    },
    ListExecutions: (input) => {
      const page = stateMachines.list(str(input, 'stateMachineArn'), {
        statusFilter: optional(input, 'statusFilter') as ExecutionStatus | undefined,
        maxResults: typeof input.maxResults === 'number' ? input.maxResults : undefined,
        nextToken: optional(input, 'nextToken'),
      });
      return {
        executions: page.executions.map(executionSummary),
        ...(page.nextToken ? { nextToken: page.nextToken } : {}),
      };
    },
    StopExecution: (input) => {
      const record = stateMachines.stopExecution(
        str(input, 'executionArn'),
        optional(input, 'error'),
        optional(input, 'cause'),
      );
      return { stopDate: epochSeconds(record.stopDate ?? new Date()) };
    },
    ListStateMachines: () => ({
      stateMachines: stateMachines.names().map((name) => ({
        stateMachineArn: stateMachines.arnOf(name),
        name,
        type: 'STANDARD',
        creationDate: 0,
      })),
    }),
    SendTaskSuccess: (input) => {
      stateMachines.sendTaskSuccess(str(input, 'taskToken'), str(input, 'output'));
      return {};
    },
    SendTaskFailure: (input) => {
      stateMachines.sendTaskFailure(str(input, 'taskToken'), optional(input, 'error'), optional(input, 'cause'));
      return {};
    },
    SendTaskHeartbeat: (input) => {
      stateMachines.sendTaskHeartbeat(str(input, 'taskToken'));
      return {};
    },
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': randomUUID(),
      ...headers,
    });
    res.end(text);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const path = (req.url ?? '/').split('?')[0];
    const [service, operation = ''] = target.split('.');
    const jsonContentType = { 'content-type': 'application/x-amz-json-1.0' };
    try {
      const body = await readBody(req);
      if (service === 'AmazonSQS' || service === 'AWSStepFunctions') {
        const operations = service === 'AmazonSQS' ? sqs : sfn;
        const op = operations[operation];
        if (!op) {
          throw new AwsError('UnknownOperationException', `${target} is not implemented by the local twin`, 400);
        }
        const input = body.length ? (JSON.parse(body.toString('utf8')) as Json) : {};
        send(res, 200, await op(input), jsonContentType);
        return;
      }
      if (req.method === 'POST' && path === '/v2/email/outbound-emails') {
        const request = JSON.parse(body.toString('utf8')) as SendEmailRequest;
        const messageId = await outbox.send(request);
        log(`ses: wrote message ${messageId} to the outbox`);
        send(res, 200, { MessageId: messageId }, { 'content-type': 'application/json' });
        return;
      }
      if (path?.startsWith('/v2/email/')) {
        throw new AwsError('NotFoundException', `${req.method} ${path} is not implemented by the local twin`, 404);
      }
      if (/^Action=/.test(body.toString('latin1', 0, 7))) {
        throw new AwsError(
          'InvalidAction',
          'The local twin speaks the AWS JSON protocol only, not the query protocol',
          400,
        );
      }
      throw new AwsError('UnknownOperationException', `No local AWS service handles ${req.method} ${path}`, 404);
    } catch (caught) {
      const error =
        caught instanceof AwsError
          ? caught
          : caught instanceof SyntaxError
            ? new AwsError('SerializationException', `Request body is not valid JSON: ${caught.message}`, 400)
            : undefined;
      if (!error) {
        log(`aws-endpoint: ${target || path} failed: ${(caught as Error).stack ?? String(caught)}`);
        send(res, 500, { __type: 'InternalFailure', message: String(caught) }, jsonContentType);
        return;
      }
      if (service === 'AmazonSQS') {
        send(
          res,
          error.status,
          { __type: `com.amazonaws.sqs#${error.code}`, message: error.message },
          { ...jsonContentType, 'x-amzn-query-error': `${error.queryCode ?? error.code};Sender` },
        );
      } else if (service === 'AWSStepFunctions') {
        send(
          res,
          error.status,
          { __type: `com.amazonaws.swf.service.v2.model#${error.code}`, message: error.message },
          jsonContentType,
        );
      } else {
        send(
          res,
          error.status,
          { message: error.message },
          {
            'content-type': 'application/json',
            'x-amzn-errortype': error.code,
          },
        );
      }
    }
  };

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  endpoint = `http://127.0.0.1:${port}`;

  let stopped = false;
  return {
    endpoint,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
