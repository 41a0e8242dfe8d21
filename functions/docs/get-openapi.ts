import { publicRoute, result } from '#functions/shared/http.ts';
import { routes } from '#infra/wiring.ts';
import { openApiDocument } from './api-description.js';

const document = openApiDocument(routes);

export const handler = publicRoute(async () => result(200, document, { 'cache-control': 'public, max-age=300' }));
