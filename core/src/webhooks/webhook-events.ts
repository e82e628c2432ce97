/** The webhooks' own events, declared on the hook bus the way a plugin declares its own. */
export interface WebhookEvents {
  /** Every delivery to a webhook endpoint failed for the configured number of days: it no longer receives events. */
  'webhook.endpointDisabled': {
    endpointId: string;
    description: string | null;
    failingSince: string;
    disabledAt: string;
    reason: string;
  };
}

declare module '../hooks/types.js' {
  // biome-ignore lint/suspicious/noEmptyInterface: merges the events above into the bus's map
  interface KehuEvents extends WebhookEvents {}
}
