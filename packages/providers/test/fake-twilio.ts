import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake received, before any check: tests assert on the exact wire format. */
export interface ReceivedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  /** Form fields in the order sent; a repeated key appears twice. */
  fields: [string, string][];
}

export interface SentMessage {
  sid: string;
  to: string;
  body: string;
  from: string | null;
  messagingServiceSid: string | null;
}

export interface FakeTwilio {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  requests: ReceivedRequest[];
  /** Messages the fake accepted (answered 201). */
  messages: SentMessage[];
  /** The next `times` requests are answered with `status` (Twilio's JSON error document, or an HTML page). */
  failNext(status: number, opts?: { times?: number; html?: boolean }): void;
  close(): Promise<void>;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const E164 = /^\+[1-9]\d{6,14}$/;
// Twilio's magic test number that its API always reports as invalid.
const INVALID_TO = '+15005550001';

function twilioError(res: ServerResponse, status: number, code: number, message: string) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A local stand-in for Twilio's Messages API (POST /2010-04-01/Accounts/{AccountSid}/Messages.json) that checks
 * what Twilio checks: Basic auth with the Account SID and Auth Token, a form-encoded body with To, Body and From
 * or MessagingServiceSid; it answers 201 with a message resource or with Twilio's error document.
 */
export async function startFakeTwilio(): Promise<FakeTwilio> {
  const accountSid = `AC${hex(16)}`;
  const authToken = hex(16);
  const requests: ReceivedRequest[] = [];
  const messages: SentMessage[] = [];
  const failures: { status: number; html: boolean }[] = [];

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: Error) => {
      res.writeHead(500);
      res.end(err.message);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const contentType = req.headers['content-type'];
    const fields = contentType?.startsWith('application/x-www-form-urlencoded') ? [...new URLSearchParams(raw)] : [];
    requests.push({ method: req.method ?? '', path, authorization: req.headers.authorization, contentType, fields });

    const failure = failures.shift();
    if (failure?.html) {
      res.writeHead(failure.status, { 'Content-Type': 'text/html' });
      res.end('<html><body>Bad Gateway</body></html>');
      return;
    }
    if (failure) return twilioError(res, failure.status, 20500, 'An internal server error has occurred');

    const match = MESSAGES_PATH.exec(path);
    if (!match) return twilioError(res, 404, 20404, `The requested resource ${path} was not found`);
    if (req.method !== 'POST') return twilioError(res, 405, 20004, 'Method not allowed');
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    if (req.headers.authorization !== expected || decodeURIComponent(match[1]!) !== accountSid) {
      return twilioError(res, 401, 20003, 'Authenticate');
    }
    if (!contentType?.startsWith('application/x-www-form-urlencoded')) {
      return twilioError(res, 400, 20001, 'Content-Type must be application/x-www-form-urlencoded');
    }

    const form = new URLSearchParams(raw);
    const to = form.get('To');
    const body = form.get('Body');
    const from = form.get('From');
    const messagingServiceSid = form.get('MessagingServiceSid');
    if (!to) return twilioError(res, 400, 21604, "A 'To' phone number is required.");
    if (!E164.test(to) || to === INVALID_TO) return twilioError(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!from && !messagingServiceSid) {
      return twilioError(res, 400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.");
    }
    if (!body) return twilioError(res, 400, 21602, 'Message body is required.');

    const sid = `SM${hex(16)}`;
    const created = new Date().toUTCString().replace('GMT', '+0000');
    messages.push({ sid, to, body, from, messagingServiceSid });
    res.writeHead(201, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        account_sid: accountSid, api_version: '2010-04-01', body, date_created: created, date_sent: null, date_updated: created,
        direction: 'outbound-api', error_code: null, error_message: null, from, messaging_service_sid: messagingServiceSid,
        num_media: '0', num_segments: '1', price: null, price_unit: 'USD', sid, status: messagingServiceSid ? 'accepted' : 'queued',
        subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
        to, uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
      }),
    );
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    requests,
    messages,
    failNext(status, opts = {}) {
      for (let i = 0; i < (opts.times ?? 1); i++) failures.push({ status, html: opts.html ?? false });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
