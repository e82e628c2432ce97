/* eslint-disable */
/**
 * Generated from the Kehu OpenAPI document (kernel with credit).
 * Do not edit: run `pnpm --filter @kehu/sdk generate` (the build does too).
 */

/** A request body sent as is, for routes that read a raw body (uploads, CSV). */
export type RawBody = string | Blob | ArrayBuffer | Uint8Array;

export type Problem = {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  errors?: {
    path: string;
    message: string;
    code?: string;
  }[];
};

export interface KehuOperations {
  /** Liveness and database reachability. Public. */
  'GET /api/health': {
    params: {};
    query: {};
    body: never;
    response: {
      status: "ok";
      database: string;
    };
  };
  /** This OpenAPI 3.1 document. Public. */
  'GET /api/openapi.json': {
    params: {};
    query: {};
    body: never;
    response: unknown;
  };
  /** Event deliveries; `status=dead` lists dead letters. Permission: `admin.hooks`. */
  'GET /api/v1/admin/deliveries': {
    params: {};
    query: {
      status?: "pending" | "delivered" | "dead";
      limit?: number;
    };
    body: never;
    response: unknown;
  };
  /** Put a dead letter back in the queue. Permission: `admin.hooks`. */
  'POST /api/v1/admin/deliveries/{id}/replay': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: unknown;
  };
  /** Every filter and subscriber in execution order. Permission: `admin.hooks`. */
  'GET /api/v1/admin/hooks': {
    params: {};
    query: {};
    body: never;
    response: unknown;
  };
  /** Scheduled jobs. Permission: `admin.jobs`. */
  'GET /api/v1/admin/jobs': {
    params: {};
    query: {};
    body: never;
    response: unknown;
  };
  /** Run due jobs now (or at a given instant), idempotent per period. Permission: `admin.jobs`. */
  'POST /api/v1/admin/jobs/run': {
    params: {};
    query: {};
    body: {
      at?: string;
      job?: string;
    };
    response: unknown;
  };
  /** The audit trail, newest first. Permission: `audit.read`. */
  'GET /api/v1/audit': {
    params: {};
    query: {
      entityType?: string;
      entityId?: string;
      customerId?: string;
      before?: string;
      limit?: number;
    };
    body: never;
    response: unknown;
  };
  /** Credit check: approved or not, with exposure, limit, available and every reason. Permission: `credit.check`. */
  'POST /api/v1/credit/check': {
    params: {};
    query: {};
    body: {
      customerId: string;
      amount: number;
      currency: string;
      termDays?: number | null;
      overrideId?: string | null;
    };
    response: unknown;
  };
  /** A customer's credit: profile, figures, holds, temporary limits. Permission: `credit.read`. */
  'GET /api/v1/credit/customers/{customerId}': {
    params: {
      customerId: string;
    };
    query: {};
    body: never;
    response: unknown;
  };
  /** The customer's evaluations, newest first (full history). Permission: `credit.read`. */
  'GET /api/v1/credit/customers/{customerId}/evaluations': {
    params: {
      customerId: string;
    };
    query: {};
    body: never;
    response: unknown;
  };
  /** Submit an evaluation: factor scores 0–100 → weighted total → proposed grade. Permission: `credit.evaluations.create`. */
  'POST /api/v1/credit/customers/{customerId}/evaluations': {
    params: {
      customerId: string;
    };
    query: {};
    body: {
      scores: Record<string, number>;
      note?: string | null;
      investigationIds?: string[];
    };
    response: unknown;
  };
  /** The customer's credit history, newest first. Permission: `credit.read`. */
  'GET /api/v1/credit/customers/{customerId}/history': {
    params: {
      customerId: string;
    };
    query: {
      limit?: number;
      before?: string;
    };
    body: never;
    response: unknown;
  };
  /** The customer's holds, newest first (active only unless all=true). Permission: `credit.read`. */
  'GET /api/v1/credit/customers/{customerId}/holds': {
    params: {
      customerId: string;
    };
    query: {
      all?: "true" | "false";
    };
    body: never;
    response: unknown;
  };
  /** Put the customer on hold by hand. Permission: `credit.profiles.manage`. */
  'POST /api/v1/credit/customers/{customerId}/holds': {
    params: {
      customerId: string;
    };
    query: {};
    body: {
      note: string;
    };
    response: unknown;
  };
  /** Release a hold. Permission: `credit.profiles.manage`. */
  'POST /api/v1/credit/customers/{customerId}/holds/{holdId}/release': {
    params: {
      customerId: string;
      holdId: string;
    };
    query: {};
    body: {
      note?: string | null;
    };
    response: unknown;
  };
  /** The customer's credit investigations. Permission: `credit.read`. */
  'GET /api/v1/credit/customers/{customerId}/investigations': {
    params: {
      customerId: string;
    };
    query: {};
    body: never;
    response: unknown;
  };
  /** Record a credit investigation. Permission: `credit.investigations.write`. */
  'POST /api/v1/credit/customers/{customerId}/investigations': {
    params: {
      customerId: string;
    };
    query: {};
    body: {
      source: "bank" | "agency" | "trade_association" | "customer" | "internal";
      sourceName?: string | null;
      investigatedOn: string;
      findings: string;
    };
    response: unknown;
  };
  /** Request a new fixed limit or a temporary extra limit. Permission: `credit.limits.request`. */
  'POST /api/v1/credit/customers/{customerId}/limit-requests': {
    params: {
      customerId: string;
    };
    query: {};
    body: {
      kind: "fixed";
      amount: number;
      currency: string;
      reason: string;
    } | {
      kind: "temporary";
      amount: number;
      currency: string;
      expiresAt: string;
      reason: string;
    };
    response: unknown;
  };
  /** The customer's fixed limit, active temporary limits and every limit request. Permission: `credit.read`. */
  'GET /api/v1/credit/customers/{customerId}/limits': {
    params: {
      customerId: string;
    };
    query: {};
    body: never;
    response: unknown;
  };
  /** The customer's one-off exceptions. Permission: `credit.read`. */
  'GET /api/v1/credit/customers/{customerId}/overrides': {
    params: {
      customerId: string;
    };
    query: {};
    body: never;
    response: unknown;
  };
  /** Grant a one-off exception: one sale up to a cap, before an expiry; the invoice references it. Permission: `credit.overrides.grant`. */
  'POST /api/v1/credit/customers/{customerId}/overrides': {
    params: {
      customerId: string;
    };
    query: {};
    body: {
      amountCap: number;
      currency: string;
      expiresAt: string;
      reason: string;
    };
    response: unknown;
  };
  /** Open a credit profile (no limit and no grade until approved). Permission: `credit.profiles.manage`. */
  'POST /api/v1/credit/customers/{customerId}/profile': {
    params: {
      customerId: string;
    };
    query: {};
    body: {
      currency?: string;
      maxTermDays?: number;
      nextReviewDate?: string | null;
    };
    response: unknown;
  };
  /** Change the maximum term or the next review date. Permission: `credit.profiles.manage`. */
  'PATCH /api/v1/credit/customers/{customerId}/profile': {
    params: {
      customerId: string;
    };
    query: {};
    body: {
      maxTermDays?: number;
      nextReviewDate?: string | null;
      reason: string;
      version?: number;
    };
    response: unknown;
  };
  /** Evaluations across visible customers (e.g. status=pending for the approval queue). Permission: `credit.read`. */
  'GET /api/v1/credit/evaluations': {
    params: {};
    query: {
      status?: "pending" | "approved" | "rejected" | "superseded";
      limit?: number;
      cursor?: string;
    };
    body: never;
    response: unknown;
  };
  /** Approve: the proposed grade becomes current. Permission: `credit.evaluations.approve`. */
  'POST /api/v1/credit/evaluations/{id}/approve': {
    params: {
      id: string;
    };
    query: {};
    body: {
      note?: string | null;
    };
    response: unknown;
  };
  /** Reject an evaluation. Permission: `credit.evaluations.approve`. */
  'POST /api/v1/credit/evaluations/{id}/reject': {
    params: {
      id: string;
    };
    query: {};
    body: {
      note?: string | null;
    };
    response: unknown;
  };
  /** Limit requests across visible customers (status=pending for the approval queue). Permission: `credit.read`. */
  'GET /api/v1/credit/limit-requests': {
    params: {};
    query: {
      status?: "pending" | "approved" | "rejected";
      kind?: "fixed" | "temporary" | "transfer";
      limit?: number;
      cursor?: string;
    };
    body: never;
    response: unknown;
  };
  /** Approve a limit request (not your own). Permission: `credit.limits.approve`. */
  'POST /api/v1/credit/limit-requests/{id}/approve': {
    params: {
      id: string;
    };
    query: {};
    body: {
      note?: string | null;
    };
    response: unknown;
  };
  /** Reject a limit request. Permission: `credit.limits.approve`. */
  'POST /api/v1/credit/limit-requests/{id}/reject': {
    params: {
      id: string;
    };
    query: {};
    body: {
      note?: string | null;
    };
    response: unknown;
  };
  /** Request moving fixed limit from one customer to another (one approval moves both). Permission: `credit.limits.request`. */
  'POST /api/v1/credit/limit-transfers': {
    params: {};
    query: {};
    body: {
      fromCustomerId: string;
      toCustomerId: string;
      amount: number;
      currency: string;
      reason: string;
    };
    response: unknown;
  };
  /** Revoke an unused exception. Permission: `credit.overrides.grant`. */
  'POST /api/v1/credit/overrides/{id}/revoke': {
    params: {
      id: string;
    };
    query: {};
    body: {
      reason: string;
    };
    response: unknown;
  };
  /** Grade scale, policy per grade, score thresholds and the scoring model. Permission: `credit.read`. */
  'GET /api/v1/credit/policy': {
    params: {};
    query: {};
    body: never;
    response: unknown;
  };
  /** Replace the grade policies and the scoring model (weights must sum to 1). Permission: `credit.policy.manage`. */
  'PUT /api/v1/credit/policy': {
    params: {};
    query: {};
    body: {
      grades: {
        grade: string;
        minScore: number;
        creditSales: boolean;
        maxTermDays: number;
        maxLimit: number | null;
      }[];
      factors: {
        key: string;
        weight: number;
        labels: {
          en: string;
          "zh-CN": string;
        };
      }[];
      version: number;
    };
    response: unknown;
  };
  /** Visible customers whose credit review date has come. Permission: `credit.read`. */
  'GET /api/v1/credit/reviews/due': {
    params: {};
    query: {
      limit?: number;
    };
    body: never;
    response: unknown;
  };
  /** List the customers the caller may see. Permission: `customers.read`. */
  'GET /api/v1/customers': {
    params: {};
    query: {
      /** Comma-separated facet names, e.g. `credit,receivables` */
      include?: string;
      limit?: number;
      cursor?: string;
    };
    body: never;
    response: unknown;
  };
  /** Create a customer. Permission: `customers.create`. */
  'POST /api/v1/customers': {
    params: {};
    query: {};
    body: {
      code?: string;
      name: string;
      kind?: "individual" | "business" | "organization";
      internal?: boolean;
      chainPosition?: "intermediary" | "end";
      status?: "potential" | "active" | "dormant";
      region?: string | null;
      industry?: string | null;
      address?: string | null;
      phone?: string | null;
      email?: string | null;
      legalRepresentative?: string | null;
      source?: string | null;
      ownerId?: string | null;
      tags?: string[];
      custom?: Record<string, unknown>;
    };
    response: {
      id: string;
      code: string;
      name: string;
      kind: "individual" | "business" | "organization";
      internal: boolean;
      chainPosition: "intermediary" | "end";
      status: "potential" | "active" | "dormant" | "terminated";
      region: string | null;
      industry: string | null;
      address: string | null;
      phone: string | null;
      email: string | null;
      legalRepresentative: string | null;
      source: string | null;
      ownerId: string | null;
      tags: string[];
      custom: Record<string, unknown>;
      doNotContact: boolean;
      createdAt: string;
      updatedAt: string;
      version: number;
      deletedAt: string | null;
      facets?: Record<string, unknown>;
    };
  };
  /** One customer with the facets asked for. Permission: `customers.read`. */
  'GET /api/v1/customers/{id}': {
    params: {
      id: string;
    };
    query: {
      /** Comma-separated facet names, e.g. `credit,receivables` */
      include?: string;
    };
    body: never;
    response: {
      id: string;
      code: string;
      name: string;
      kind: "individual" | "business" | "organization";
      internal: boolean;
      chainPosition: "intermediary" | "end";
      status: "potential" | "active" | "dormant" | "terminated";
      region: string | null;
      industry: string | null;
      address: string | null;
      phone: string | null;
      email: string | null;
      legalRepresentative: string | null;
      source: string | null;
      ownerId: string | null;
      tags: string[];
      custom: Record<string, unknown>;
      doNotContact: boolean;
      createdAt: string;
      updatedAt: string;
      version: number;
      deletedAt: string | null;
      facets?: Record<string, unknown>;
    };
  };
  /** The caller. */
  'GET /api/v1/me': {
    params: {};
    query: {};
    body: never;
    response: unknown;
  };
  /** Enabled plugins, entity types, roles and enum labels (en, zh-CN). */
  'GET /api/v1/meta': {
    params: {};
    query: {};
    body: never;
    response: {
      plugins: {
        name: string;
        version: string;
      }[];
      entityTypes: Record<string, {
          plugin: string;
          labels: {
            en: string;
            "zh-CN": string;
          };
        }>;
      roles: {
        name: string;
        plugin: string;
        labels: {
          en: string;
          "zh-CN": string;
        };
      }[];
      enums: Record<string, Record<string, {
            en: string;
            "zh-CN": string;
          }>>;
    };
  };
  /** Revoke a token. Permission: `users.manage`. */
  'DELETE /api/v1/tokens/{id}': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: void;
  };
  /** List users. Permission: `users.read`. */
  'GET /api/v1/users': {
    params: {};
    query: {};
    body: never;
    response: {
      items: {
        id: string;
        name: string;
        email: string | null;
        roles: string[];
        active: boolean;
        createdAt: string;
      }[];
    };
  };
  /** Create a user. Permission: `users.manage`. */
  'POST /api/v1/users': {
    params: {};
    query: {};
    body: {
      name: string;
      email?: string | null;
      roles: string[];
    };
    response: {
      id: string;
      name: string;
      email: string | null;
      roles: string[];
      active: boolean;
      createdAt: string;
    };
  };
  /** Change a user (name, roles, active). Permission: `users.manage`. */
  'PATCH /api/v1/users/{id}': {
    params: {
      id: string;
    };
    query: {};
    body: {
      name?: string;
      email?: string | null;
      roles?: string[];
      active?: boolean;
    };
    response: {
      id: string;
      name: string;
      email: string | null;
      roles: string[];
      active: boolean;
      createdAt: string;
    };
  };
  /** A user's tokens (never the secrets). Permission: `users.manage`. */
  'GET /api/v1/users/{id}/tokens': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: {
      items: {
        id: string;
        userId: string;
        name: string;
        createdAt: string;
        expiresAt: string | null;
        revokedAt: string | null;
      }[];
    };
  };
  /** Issue an API token (shown once). Permission: `users.manage`. */
  'POST /api/v1/users/{id}/tokens': {
    params: {
      id: string;
    };
    query: {};
    body: {
      name: string;
      expiresAt?: string | null;
    };
    response: {
      token: string;
      info: {
        id: string;
        userId: string;
        name: string;
        createdAt: string;
        expiresAt: string | null;
        revokedAt: string | null;
      };
    };
  };
}
