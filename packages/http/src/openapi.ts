import { OpenAPIRegistry, OpenApiGeneratorV31, extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export { OpenAPIRegistry };

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().openapi({ description: 'Stable machine-readable error code' }),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z
      .array(z.object({ in: z.enum(['body', 'query', 'params']), path: z.string(), message: z.string(), code: z.string() }))
      .optional(),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details' });

export function createRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  registry.register('Problem', problemSchema);
  return registry;
}

export function buildDocument(registry: OpenAPIRegistry, info: { title: string; version: string; description?: string }, serverUrl?: string) {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info,
    servers: serverUrl ? [{ url: serverUrl }] : [],
  });
}
