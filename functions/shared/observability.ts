import { Logger } from '@aws-lambda-powertools/logger';
import { search } from '@aws-lambda-powertools/logger/correlationId';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/** Module singletons shared by every handler in a bundle (service name comes from the env). */
export const logger = new Logger({ correlationIdSearchFn: search });
export const tracer = new Tracer();
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Samenwerken',
  logger: {
    debug: (...args) => logger.debug(String(args[0]), ...args.slice(1)),
    info: (...args) => logger.info(String(args[0]), ...args.slice(1)),
    error: (...args) => logger.error(String(args[0]), ...args.slice(1)),
    // A read that records no business metric is normal, not a warning.
    warn: (...args) =>
      String(args[0]).startsWith('No application metrics')
        ? logger.debug(String(args[0]))
        : logger.warn(String(args[0]), ...args.slice(1)),
  },
});
