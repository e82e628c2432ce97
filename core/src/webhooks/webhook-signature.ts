import { createHmac } from 'node:crypto';
import { signingKey } from './webhook-secret.js';

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Standard Webhooks: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body` under the secret's key, the
 * timestamp in whole seconds. With several secrets (during a rotation) the signatures are
 * space-separated, so a receiver holding either secret verifies the message.
 */
export function signWebhook(secrets: readonly string[], id: string, at: Date, body: string): SignedHeaders {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const signature = secrets
    .map(
      (secret) =>
        `v1,${createHmac('sha256', signingKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`,
    )
    .join(' ');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature };
}
