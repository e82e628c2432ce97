import type { ComplaintNature } from './contract.js';

export const CHANNELS = ['phone', 'visit', 'email', 'letter', 'web_form', 'instant_message'] as const;
export const SEVERITIES = ['critical', 'high', 'normal', 'low'] as const;
export const EMOTIONS = ['calm', 'upset', 'extreme'] as const;
export const NATURES = ['key', 'general', 'false', 'malicious'] as const satisfies readonly ComplaintNature[];
/** The emotion-first steps at intake: regret, manners, listen, sympathise, promise. */
export const RMLSP_STEPS = ['regret', 'manners', 'listen', 'sympathise', 'promise'] as const;
export const RESPONSIBLE_PARTIES = ['our_department', 'supplier', 'carrier', 'customer', 'none'] as const;
export const REMEDY_KINDS = [
  'explanation',
  'replacement',
  'repair',
  'refund',
  'compensation',
  'claim',
] as const;
/** Remedies that pay the customer: refused for false and malicious complaints, approved above a threshold. */
export const PAYING_REMEDIES: readonly RemedyKind[] = ['refund', 'compensation'];

export const STATES = [
  'received',
  'accepted',
  'investigating',
  'responsibility',
  'handling',
  'replied',
  'waiting_customer',
  'waiting_third_party',
  'closed',
  'withdrawn',
  'duplicate',
] as const;
export const PAUSED_STATES: readonly State[] = ['waiting_customer', 'waiting_third_party'];
export const FINAL_STATES: readonly State[] = ['closed', 'withdrawn', 'duplicate'];

export type Channel = (typeof CHANNELS)[number];
export type Severity = (typeof SEVERITIES)[number];
export type Emotion = (typeof EMOTIONS)[number];
export type State = (typeof STATES)[number];
export type RemedyKind = (typeof REMEDY_KINDS)[number];
export type ResponsibleParty = (typeof RESPONSIBLE_PARTIES)[number];
export type RmlspStep = (typeof RMLSP_STEPS)[number];

/** A complaint row as stored (`cmp_complaint`). */
export type ComplaintRow = Record<string, any> & {
  id: string;
  customer_id: string;
  contact_id: string | null;
  handler_id: string;
  state: State;
  nature: ComplaintNature | null;
  severity: Severity;
  category: string;
  emotion: Emotion;
};

export const parseJson = <T>(s: string | null | undefined, fallback: T): T =>
  s ? (JSON.parse(s) as T) : fallback;

export const isOpenState = (state: State): boolean => !FINAL_STATES.includes(state);
