import type { Pool } from '@ap/db';

export interface SmsMessage {
  to: string; // E.164
  body: string;
}

export interface SmsSender {
  readonly name: string;
  /** Sends one message; resolves with the provider's message id. Throws when the provider refused it. */
  send(message: SmsMessage): Promise<{ providerMessageId: string | null }>;
}

/**
 * Local default: logs the message and keeps it in the sms_outbox table, which tests and the e2e read. Only this
 * provider stores message bodies (they contain codes): a real provider's messages are never kept.
 */
export function consoleSms(pool: Pool, log: (line: string) => void): SmsSender {
  return {
    name: 'console',
    async send(m) {
      log(`SMS to ${m.to}: ${m.body}`);
      await pool.query('INSERT INTO sms_outbox (to_phone, body, provider) VALUES ($1, $2, $3)', [m.to, m.body, 'console']);
      return { providerMessageId: null };
    },
  };
}

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  /** Either a sender number (E.164) or a Messaging Service SID (MG…). */
  from?: string;
  messagingServiceSid?: string;
  /** https://api.twilio.com in production; a local server in tests. */
  baseUrl: string;
  timeoutMs?: number;
}

export class SmsProviderError extends Error {
  override name = 'SmsProviderError';
  constructor(message: string, readonly status: number, readonly providerCode?: number) {
    super(message);
  }
}

/**
 * Twilio's documented Messages resource: POST /2010-04-01/Accounts/{AccountSid}/Messages.json, HTTP Basic auth
 * (Account SID : Auth Token), form-encoded To, From or MessagingServiceSid, Body. Answers 201 with the message
 * resource (its `sid`), or an error document {code, message, more_info, status}.
 */
export function twilioSms(cfg: TwilioConfig): SmsSender {
  const url = `${cfg.baseUrl.replace(/\/$/, '')}/2010-04-01/Accounts/${encodeURIComponent(cfg.accountSid)}/Messages.json`;
  const auth = `Basic ${Buffer.from(`${cfg.accountSid}:${cfg.authToken}`).toString('base64')}`;
  return {
    name: 'twilio',
    async send(m) {
      const form = new URLSearchParams({ To: m.to, Body: m.body });
      if (cfg.messagingServiceSid) form.set('MessagingServiceSid', cfg.messagingServiceSid);
      else if (cfg.from) form.set('From', cfg.from);
      const res = await fetch(url, {
        method: 'POST',
        headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: form,
        signal: AbortSignal.timeout(cfg.timeoutMs ?? 10_000),
      });
      const doc = (await res.json().catch(() => ({}))) as { sid?: string; message?: string; code?: number };
      if (!res.ok) throw new SmsProviderError(`twilio refused the message: ${doc.message ?? res.statusText}`, res.status, doc.code);
      return { providerMessageId: doc.sid ?? null };
    },
  };
}
