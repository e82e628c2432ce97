/**
 * The demo company: 青禾食品 (Qinghe Foods), a Hangzhou food distributor selling on credit terms to
 * supermarkets, hotels, restaurants, schools and hospitals across China and a few export markets.
 * The people, customers and exchanges are plain data in `demo-company.json`, so every demo database
 * looks the same; this file says what they are.
 */
import company from './demo-company.json';

export interface DemoUser {
  key: string;
  name: string;
  email: string;
  /**
   * One person per role of the kernel and of the plugins in this repository (more for the roles
   * with many people). A person whose roles the running kernel does not define (their plugin is not
   * enabled) is not created.
   */
  roles: string[];
}

export interface DemoContact {
  name: string;
  title: string;
  phone?: string;
  email?: string;
}

export interface DemoCustomer {
  name: string;
  kind: 'individual' | 'business' | 'organization';
  chainPosition: 'intermediary' | 'end';
  status: 'potential' | 'active' | 'dormant';
  region: string;
  industry: string;
  address: string;
  phone: string;
  email?: string;
  legalRepresentative?: string;
  source: string;
  /** Key of the account manager in DEMO_USERS. */
  owner: 'am1' | 'am2' | 'am3';
  internal?: boolean;
  tags: string[];
  contacts: DemoContact[];
}

export interface DemoCommunication {
  channel: 'call' | 'visit' | 'email' | 'meeting' | 'message';
  direction: 'outbound' | 'inbound';
  subject: string;
  process: string;
  result: string;
}

export const DEMO_USERS: readonly DemoUser[] = company.users;
export const DEMO_CUSTOMERS = company.customers as readonly DemoCustomer[];
/** Exchanges drawn on for each customer (reason, process, result — 事由、过程、结果). */
export const DEMO_COMMUNICATIONS = company.communications as readonly DemoCommunication[];
