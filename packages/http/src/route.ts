import { forbidden, unauthorized } from '@ap/core';
import type { NextFunction, Request, Response, Router } from 'express';
import { z } from 'zod';
import type { Access, Caller, Role, TokenVerifier } from './caller.js';
import type { OpenAPIRegistry } from './openapi.js';
import { ValidationFailed, type Location } from './problem.js';
import type { LimitSpec } from '@ap/core';
import type { RateLimits } from './rate-limit.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Schema = z.ZodType | undefined;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface HandlerContext<P, Q, B, A extends Access> {
  params: P;
  query: Q;
  body: B;
  caller: A extends 'public' ? Caller | null : Caller;
  ip: string;
  /** The request body exactly as received (JSON requests), for signature checks. */
  rawBody: Buffer | undefined;
  req: Request;
  res: Response;
}

export interface RouteSpec<P extends Schema, Q extends Schema, B extends Schema, R extends z.ZodType | null, A extends Access> {
  method: Method;
  /** Express-style path relative to the service prefix, e.g. `/astrologers/:id`. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  access: A;
  params?: P;
  query?: Q;
  body?: B;
  /** Success body; unknown keys are stripped on the way out so internal fields never leak. null = 204. */
  response: R;
  status?: number;
  /** Error statuses this route documents besides 400/401/403/500. */
  errors?: number[];
  /** Counted per client IP before the handler runs. */
  rateLimit?: LimitSpec;
  handler: (ctx: HandlerContext<Out<P>, Out<Q>, Out<B>, A>) => Promise<R extends z.ZodType ? z.input<R> : void>;
}

// The route table is heterogeneous; each entry was type-checked by `route()` where it was written.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteSpec<any, any, any, any, any>;

/** Declares a route; the generic parameters are inferred from the schemas so the handler is fully typed. */
export function route<
  P extends Schema = undefined,
  Q extends Schema = undefined,
  B extends Schema = undefined,
  R extends z.ZodType | null = null,
  A extends Access = Access,
>(spec: RouteSpec<P, Q, B, R, A>): AnyRoute {
  return spec as AnyRoute;
}

export interface MountContext {
  router: Router;
  registry: OpenAPIRegistry;
  prefix: string;
  verifyToken: TokenVerifier;
  limits: RateLimits;
}

function parsePart(where: Location, schema: Schema, value: unknown): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!result.success) throw new ValidationFailed(where, result.error);
  return result.data;
}

async function authenticate(req: Request, verify: TokenVerifier): Promise<Caller | null> {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
  if (!match?.[1]) throw unauthorized('token_invalid', 'Authorization header must be "Bearer <token>"');
  return verify(match[1]);
}

function authorize(access: Access, caller: Caller | null): void {
  if (access === 'public') return;
  if (!caller) throw unauthorized('token_missing', 'sign in first: this route needs a bearer token');
  if (access === 'any') return;
  if (!caller.roles.includes(access as Role)) throw forbidden('wrong_role', `this route is for the ${access} role`);
}

const openApiPath = (p: string) => p.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

export function mountRoute(ctx: MountContext, spec: AnyRoute): void {
  const status = spec.status ?? (spec.response ? 200 : 204);
  ctx.router[spec.method](spec.path, async (req: Request, res: Response, _next: NextFunction) => {
    if (spec.rateLimit) await ctx.limits.consume(spec.rateLimit, `ip:${req.ip}`);
    const caller = await authenticate(req, ctx.verifyToken);
    authorize(spec.access, caller);
    const params = parsePart('params', spec.params, req.params);
    const query = parsePart('query', spec.query, req.query);
    const body = parsePart('body', spec.body, req.body);
    const rawBody = (req as { rawBody?: Buffer }).rawBody;
    const result = await spec.handler({ params, query, body, caller, ip: req.ip ?? '', rawBody, req, res });
    if (res.headersSent) return;
    if (!spec.response) {
      res.status(status).end();
      return;
    }
    res.status(status).json(spec.response.parse(result));
  });

  const documented = [400, ...(spec.access === 'public' ? [] : [401, 403]), ...(spec.errors ?? []), ...(spec.rateLimit ? [429] : [])];
  const problem = { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
  ctx.registry.registerPath({
    method: spec.method,
    path: ctx.prefix + openApiPath(spec.path),
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: spec.tags,
    ...(spec.access === 'public' ? {} : { security: [{ bearer: [] }] }),
    request: {
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(spec.body ? { body: { required: true, content: { 'application/json': { schema: spec.body } } } } : {}),
    },
    responses: {
      [status]: spec.response
        ? { description: 'Success', content: { 'application/json': { schema: spec.response } } }
        : { description: 'Success, no content' },
      ...Object.fromEntries([...new Set(documented)].map((s) => [s, { description: `Error ${s}`, ...problem }])),
    },
  });
}
