// The parts of s3rver 3 (which ships no types) the local twin uses.
declare module 's3rver' {
  import type { EventEmitter } from 'node:events';
  import type { IncomingMessage, Server } from 'node:http';
  import type { AddressInfo } from 'node:net';
  import type { Readable } from 'node:stream';

  export interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    vhostBuckets?: boolean;
    configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
  }

  /** The Koa context s3rver's middleware sees (the parts used here). */
  export interface S3rverContext {
    req: IncomingMessage | Readable;
    readonly method: string;
    readonly query: Record<string, string | string[] | undefined>;
    readonly headers: IncomingMessage['headers'];
  }

  /** What s3rver emits for every object change; shaped like (an old version of) an S3 event. */
  export interface S3rverEvent {
    Records: {
      eventName: string;
      requestParameters: { sourceIPAddress: string };
      s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string } };
    }[];
  }

  export default class S3rver extends EventEmitter {
    constructor(options?: S3rverOptions);
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
    httpServer?: Server;
    middleware: ((ctx: S3rverContext, next: () => Promise<void>) => Promise<void>)[];
    store: { getMetadata(bucket: string, key: string): Promise<Record<string, string | number | undefined>> };
    on(event: 'event', listener: (event: S3rverEvent) => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
  }
}
