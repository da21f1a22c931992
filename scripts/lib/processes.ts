import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import readline from 'node:readline';

export interface Child {
  name: string;
  proc: ChildProcess;
  exited: Promise<number | null>;
}

/** Pino JSON lines become one short readable line; anything else passes through. */
function format(name: string, line: string): string {
  try {
    const j = JSON.parse(line) as { msg?: string; level?: number; code?: string; req?: { method?: string; url?: string }; res?: { statusCode?: number }; responseTime?: number; err?: unknown };
    if (typeof j.msg !== 'string') return `[${name}] ${line}`;
    const level = j.level && j.level >= 50 ? 'ERROR ' : j.level && j.level >= 40 ? 'WARN ' : '';
    if (j.code) return `[${name}] ${level}${j.msg}: ${j.code}`;
    const req = j.req?.method && j.res ? ` ${j.req.method} ${j.req.url} → ${j.res.statusCode} ${j.responseTime ?? '?'}ms` : '';
    return `[${name}] ${level}${j.msg}${req}${j.err && level ? ` ${JSON.stringify(j.err)}` : ''}`;
  } catch {
    return `[${name}] ${line}`;
  }
}

/** Starts a child in its own process group, so stopping it also stops whatever it spawned (next start's workers). */
export function startChild(name: string, command: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; quiet?: (line: string) => boolean }): Child {
  const proc = spawn(command, args, { cwd: opts.cwd, env: opts.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [proc.stdout, proc.stderr]) {
    readline.createInterface({ input: stream! }).on('line', (line) => {
      if (!line.trim() || opts.quiet?.(line)) return;
      console.log(format(name, line));
    });
  }
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { name, proc, exited };
}

export async function stopChild(child: Child, graceMs = 8000): Promise<void> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  const kill = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.proc.pid!, sig);
    } catch {
      // already gone
    }
  };
  kill('SIGTERM');
  const timer = setTimeout(() => kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
  kill('SIGKILL'); // anything the child left behind in its group
}

/** A port on 127.0.0.1 that nothing listened on a moment ago (the OS picks it). */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer().once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

export function portFree(port: number, host = '0.0.0.0'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export async function waitForHttp(url: string, timeoutMs: number, isDone: () => boolean = () => false): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (isDone()) throw new Error(`gave up waiting for ${url}: a process exited`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${url}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
