import { z } from 'zod';

export class EnvError extends Error {
  override name = 'EnvError';
}

/**
 * Parses the environment once at start-up against a zod schema; the error names every bad variable so a
 * misconfigured deployment fails at boot, not at first use.
 */
export function parseEnv<S extends z.ZodType>(schema: S, source: NodeJS.ProcessEnv = process.env): z.output<S> {
  // Empty strings count as unset: `FOO=` in a .env file means "use the default".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new EnvError(`invalid configuration:\n${lines.join('\n')}`);
}

/** Comma-separated list, e.g. CORS_ORIGINS=http://localhost:3000,https://app.example.in */
export const csv = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

export const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
