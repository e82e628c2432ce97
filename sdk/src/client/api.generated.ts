/* eslint-disable */
/**
 * Generated from the Kehu OpenAPI document (kernel with receivables, credit).
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
      /** Comma-separated facet names, e.g. `credit,receivables`; `*` for all */
      include?: string;
      status?: string | string[];
      kind?: string | string[];
      /** Owner ids; `me` for the caller, `none` for customers without owner */
      owner?: string | string[];
      region?: string | string[];
      industry?: string | string[];
      /** Customers carrying every tag given */
      tag?: string | string[];
      internal?: "true" | "false";
      chainPosition?: "intermediary" | "end";
      /** Search in name, code, phone digits and email; matches parts of Chinese names */
      q?: string;
      /** `only`: deleted customers still restorable (needs customers.delete) */
      deleted?: "only";
      /** Default `-createdAt` */
      sort?: "createdAt" | "-createdAt" | "updatedAt" | "-updatedAt" | "name" | "-name" | "code" | "-code";
      limit?: number;
      cursor?: string;
    };
    body: never;
    response: {
      items: {
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
        terminatedAt?: string | null;
        facets?: Record<string, unknown>;
      }[];
      nextCursor: string | null;
    };
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
      /** Add even when a customer with the same name, phone or email exists */
      force?: boolean;
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
      terminatedAt?: string | null;
      facets?: Record<string, unknown>;
    };
  };
  /** Access requests: all for managers, your own otherwise. Permission: `customers.grants.request`. */
  'GET /api/v1/customers/access-requests': {
    params: {};
    query: {
      limit?: number;
      cursor?: string;
      status?: "pending" | "approved" | "rejected" | "revoked" | "expired";
      customerId?: string;
    };
    body: never;
    response: {
      items: {
        id: string;
        customerId: string;
        granteeId: string;
        reason: string;
        status: "pending" | "approved" | "rejected" | "revoked" | "expired";
        requestedAt: string;
        decidedBy: string | null;
        decidedAt: string | null;
        expiresAt: string | null;
      }[];
      nextCursor: string | null;
    };
  };
  /** One access request. Permission: `customers.grants.request`. */
  'GET /api/v1/customers/access-requests/{grantId}': {
    params: {
      grantId: string;
    };
    query: {};
    body: never;
    response: {
      id: string;
      customerId: string;
      granteeId: string;
      reason: string;
      status: "pending" | "approved" | "rejected" | "revoked" | "expired";
      requestedAt: string;
      decidedBy: string | null;
      decidedAt: string | null;
      expiresAt: string | null;
    };
  };
  /** Approve an access request, with an expiry (default 30 days). Permission: `customers.grants.decide`. */
  'POST /api/v1/customers/access-requests/{grantId}/approve': {
    params: {
      grantId: string;
    };
    query: {};
    body: {
      /** Access for this many days from now */
      days?: number;
      /** Or until this instant (at most 365 days ahead) */
      expiresAt?: string;
      note?: string;
    };
    response: {
      id: string;
      customerId: string;
      granteeId: string;
      reason: string;
      status: "pending" | "approved" | "rejected" | "revoked" | "expired";
      requestedAt: string;
      decidedBy: string | null;
      decidedAt: string | null;
      expiresAt: string | null;
    };
  };
  /** Reject an access request. Permission: `customers.grants.decide`. */
  'POST /api/v1/customers/access-requests/{grantId}/reject': {
    params: {
      grantId: string;
    };
    query: {};
    body: {
      note?: string;
    };
    response: {
      id: string;
      customerId: string;
      granteeId: string;
      reason: string;
      status: "pending" | "approved" | "rejected" | "revoked" | "expired";
      requestedAt: string;
      decidedBy: string | null;
      decidedAt: string | null;
      expiresAt: string | null;
    };
  };
  /** End an approved access early. Permission: `customers.grants.decide`. */
  'POST /api/v1/customers/access-requests/{grantId}/revoke': {
    params: {
      grantId: string;
    };
    query: {};
    body: {
      note?: string;
    };
    response: {
      id: string;
      customerId: string;
      granteeId: string;
      reason: string;
      status: "pending" | "approved" | "rejected" | "revoked" | "expired";
      requestedAt: string;
      decidedBy: string | null;
      decidedAt: string | null;
      expiresAt: string | null;
    };
  };
  /** Custom customer fields. Permission: `customers.read`. */
  'GET /api/v1/customers/custom-fields': {
    params: {};
    query: {};
    body: never;
    response: {
      items: {
        key: string;
        labels: {
          en: string;
          "zh-CN": string;
        };
        type: "text" | "number" | "date" | "boolean" | "enum";
        required: boolean;
        filterable: boolean;
        options: {
          value: string;
          labels: {
            en: string;
            "zh-CN": string;
          };
        }[];
        position: number;
        createdAt: string;
        updatedAt: string;
        version: number;
      }[];
    };
  };
  /** Define a custom field. Permission: `customers.customFields.manage`. */
  'POST /api/v1/customers/custom-fields': {
    params: {};
    query: {};
    body: {
      key: string;
      labels: {
        en: string;
        "zh-CN": string;
      };
      type: "text" | "number" | "date" | "boolean" | "enum";
      required?: boolean;
      filterable?: boolean;
      /** The choices of an enum field */
      options?: {
        value: string;
        labels: {
          en: string;
          "zh-CN": string;
        };
      }[];
      position?: number;
    };
    response: {
      key: string;
      labels: {
        en: string;
        "zh-CN": string;
      };
      type: "text" | "number" | "date" | "boolean" | "enum";
      required: boolean;
      filterable: boolean;
      options: {
        value: string;
        labels: {
          en: string;
          "zh-CN": string;
        };
      }[];
      position: number;
      createdAt: string;
      updatedAt: string;
      version: number;
    };
  };
  /** Change labels, rules or options of a custom field. Permission: `customers.customFields.manage`. */
  'PATCH /api/v1/customers/custom-fields/{key}': {
    params: {
      key: string;
    };
    query: {};
    body: {
      labels?: {
        en: string;
        "zh-CN": string;
      };
      required?: boolean;
      filterable?: boolean;
      options?: {
        value: string;
        labels: {
          en: string;
          "zh-CN": string;
        };
      }[];
      position?: number;
      version?: number;
    };
    response: {
      key: string;
      labels: {
        en: string;
        "zh-CN": string;
      };
      type: "text" | "number" | "date" | "boolean" | "enum";
      required: boolean;
      filterable: boolean;
      options: {
        value: string;
        labels: {
          en: string;
          "zh-CN": string;
        };
      }[];
      position: number;
      createdAt: string;
      updatedAt: string;
      version: number;
    };
  };
  /** Remove a custom field definition. Permission: `customers.customFields.manage`. */
  'DELETE /api/v1/customers/custom-fields/{key}': {
    params: {
      key: string;
    };
    query: {};
    body: {
      reason?: string;
    };
    response: void;
  };
  /** Export a plugin entity type's rows the caller may see (CSV with BOM, or JSON). Permission: `customers.export`. */
  'GET /api/v1/customers/entities/{type}/export': {
    params: {
      type: string;
    };
    query: {
      format?: "csv" | "json";
      customerId?: string;
    };
    body: never;
    response: unknown;
  };
  /** Soft-delete a plugin entity (restorable during the retention period). */
  'DELETE /api/v1/customers/entities/{type}/{entityId}': {
    params: {
      type: string;
      entityId: string;
    };
    query: {};
    body: {
      reason: string;
      version?: number;
    };
    response: unknown;
  };
  /** Restore a soft-deleted plugin entity. */
  'POST /api/v1/customers/entities/{type}/{entityId}/restore': {
    params: {
      type: string;
      entityId: string;
    };
    query: {};
    body: {
      reason?: string;
    };
    response: unknown;
  };
  /** Export the customers the caller may see (CSV with BOM, or JSON). Permission: `customers.export`. */
  'GET /api/v1/customers/export': {
    params: {};
    query: {
      /** Comma-separated facet names, e.g. `credit,receivables`; `*` for all */
      include?: string;
      status?: string | string[];
      kind?: string | string[];
      /** Owner ids; `me` for the caller, `none` for customers without owner */
      owner?: string | string[];
      region?: string | string[];
      industry?: string | string[];
      /** Customers carrying every tag given */
      tag?: string | string[];
      internal?: "true" | "false";
      chainPosition?: "intermediary" | "end";
      /** Search in name, code, phone digits and email; matches parts of Chinese names */
      q?: string;
      /** `only`: deleted customers still restorable (needs customers.delete) */
      deleted?: "only";
      sort?: "createdAt" | "-createdAt" | "updatedAt" | "-updatedAt" | "name" | "-name" | "code" | "-code";
      format?: "csv" | "json";
      /** Language of the CSV header row */
      lang?: "en" | "zh-CN";
    };
    body: never;
    response: unknown;
  };
  /** Import customers from CSV. Permission: `customers.import`. */
  'POST /api/v1/customers/import': {
    params: {};
    query: {
      mode?: "all-or-nothing" | "skip-invalid";
      dryRun?: "true" | "false";
      /** Import rows that duplicate existing customers */
      force?: "true" | "false";
    };
    body: RawBody;
    response: {
      dryRun: boolean;
      mode: "all-or-nothing" | "skip-invalid";
      rows: number;
      valid: number;
      invalid: number;
      created: number;
      errors: {
        row: number;
        field: string;
        message: string;
      }[];
      errorsTruncated: boolean;
    };
  };
  /** One customer with the facets asked for. Permission: `customers.read`. */
  'GET /api/v1/customers/{id}': {
    params: {
      id: string;
    };
    query: {
      /** Comma-separated facet names, e.g. `credit,receivables`; `*` for all */
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
      terminatedAt?: string | null;
      facets?: Record<string, unknown>;
    };
  };
  /** Change a customer. Permission: `customers.update`. */
  'PATCH /api/v1/customers/{id}': {
    params: {
      id: string;
    };
    query: {};
    body: {
      code?: string;
      name?: string;
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
      tags?: string[];
      /** Merged into the stored values; null removes one */
      custom?: Record<string, unknown>;
      /** Why; required unless the host turned the rule off */
      reason?: string | null;
      /** The version you read; or send If-Match */
      version?: number;
      force?: boolean;
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
      terminatedAt?: string | null;
      facets?: Record<string, unknown>;
    };
  };
  /** Delete a customer (soft; restorable during the retention period). Permission: `customers.delete`. */
  'DELETE /api/v1/customers/{id}': {
    params: {
      id: string;
    };
    query: {};
    body: {
      reason: string;
      version?: number;
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
      terminatedAt?: string | null;
      facets?: Record<string, unknown>;
    };
  };
  /** Ask for read access to a customer you do not own. Permission: `customers.grants.request`. */
  'POST /api/v1/customers/{id}/access-requests': {
    params: {
      id: string;
    };
    query: {};
    body: {
      /** Why you need to see this customer */
      reason: string;
    };
    response: {
      id: string;
      customerId: string;
      granteeId: string;
      reason: string;
      status: "pending" | "approved" | "rejected" | "revoked" | "expired";
      requestedAt: string;
      decidedBy: string | null;
      decidedAt: string | null;
      expiresAt: string | null;
    };
  };
  /** Communications, newest first. Permission: `customers.read`. */
  'GET /api/v1/customers/{id}/communications': {
    params: {
      id: string;
    };
    query: {
      limit?: number;
      cursor?: string;
    };
    body: never;
    response: {
      items: {
        id: string;
        customerId: string;
        contactId: string | null;
        channel: "call" | "visit" | "email" | "meeting" | "message";
        direction: "outbound" | "inbound";
        occurredAt: string;
        subject: string;
        process: string | null;
        result: string | null;
        byUserId: string | null;
        createdBy: string | null;
        createdAt: string;
      }[];
      nextCursor: string | null;
    };
  };
  /** File a communication (reason, process, result). Permission: `customers.communicate`. */
  'POST /api/v1/customers/{id}/communications': {
    params: {
      id: string;
    };
    query: {};
    body: {
      channel: "call" | "visit" | "email" | "meeting" | "message";
      /** Default outbound; outbound is refused for do-not-contact customers */
      direction?: "outbound" | "inbound";
      /** When it happened; default now */
      occurredAt?: string;
      /** The reason for the communication (事由) */
      subject: string;
      /** How it went (过程) */
      process?: string | null;
      /** The outcome (结果) */
      result?: string | null;
      contactId?: string | null;
      /** Who spoke with the customer; default the caller */
      byUserId?: string | null;
    };
    response: {
      id: string;
      customerId: string;
      contactId: string | null;
      channel: "call" | "visit" | "email" | "meeting" | "message";
      direction: "outbound" | "inbound";
      occurredAt: string;
      subject: string;
      process: string | null;
      result: string | null;
      byUserId: string | null;
      createdBy: string | null;
      createdAt: string;
    };
  };
  /** The customer's contacts, primary first. Permission: `customers.read`. */
  'GET /api/v1/customers/{id}/contacts': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: {
      items: {
        id: string;
        customerId: string;
        name: string;
        title: string | null;
        phone: string | null;
        email: string | null;
        primary: boolean;
        note: string | null;
        createdAt: string;
        updatedAt: string;
        version: number;
      }[];
    };
  };
  /** Add a contact. Permission: `customers.update`. */
  'POST /api/v1/customers/{id}/contacts': {
    params: {
      id: string;
    };
    query: {};
    body: {
      name: string;
      title?: string | null;
      phone?: string | null;
      email?: string | null;
      primary?: boolean;
      note?: string | null;
    };
    response: {
      id: string;
      customerId: string;
      name: string;
      title: string | null;
      phone: string | null;
      email: string | null;
      primary: boolean;
      note: string | null;
      createdAt: string;
      updatedAt: string;
      version: number;
    };
  };
  /** Change a contact. Permission: `customers.update`. */
  'PATCH /api/v1/customers/{id}/contacts/{contactId}': {
    params: {
      id: string;
      contactId: string;
    };
    query: {};
    body: {
      name?: string;
      title?: string | null;
      phone?: string | null;
      email?: string | null;
      primary?: boolean;
      note?: string | null;
      version?: number;
    };
    response: {
      id: string;
      customerId: string;
      name: string;
      title: string | null;
      phone: string | null;
      email: string | null;
      primary: boolean;
      note: string | null;
      createdAt: string;
      updatedAt: string;
      version: number;
    };
  };
  /** Remove a contact (past communications keep it). Permission: `customers.update`. */
  'DELETE /api/v1/customers/{id}/contacts/{contactId}': {
    params: {
      id: string;
      contactId: string;
    };
    query: {};
    body: {
      reason?: string;
    };
    response: void;
  };
  /** A customer's rows of a plugin entity type, newest first. Permission: `customers.read`. */
  'GET /api/v1/customers/{id}/entities/{type}': {
    params: {
      id: string;
      type: string;
    };
    query: {
      limit?: number;
      cursor?: string;
    };
    body: never;
    response: {
      items: Record<string, unknown>[];
      nextCursor: string | null;
    };
  };
  /** Merge a duplicate into this customer. Permission: `customers.merge`. */
  'POST /api/v1/customers/{id}/merge': {
    params: {
      id: string;
    };
    query: {};
    body: {
      /** The duplicate that is merged away */
      sourceId: string;
      reason: string;
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
      terminatedAt?: string | null;
      facets?: Record<string, unknown>;
    };
  };
  /** Change the account manager, with a reason. Permission: `customers.assignOwner`. */
  'POST /api/v1/customers/{id}/owner': {
    params: {
      id: string;
    };
    query: {};
    body: {
      ownerId: string | null;
      reason: string;
      version?: number;
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
      terminatedAt?: string | null;
      facets?: Record<string, unknown>;
    };
  };
  /** Restore a deleted customer. Permission: `customers.delete`. */
  'POST /api/v1/customers/{id}/restore': {
    params: {
      id: string;
    };
    query: {};
    body: {
      reason?: string;
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
      terminatedAt?: string | null;
      facets?: Record<string, unknown>;
    };
  };
  /** End the relationship: kept, terminated and do-not-contact. Permission: `customers.terminate`. */
  'POST /api/v1/customers/{id}/terminate': {
    params: {
      id: string;
    };
    query: {};
    body: {
      reason: string;
      version?: number;
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
      terminatedAt?: string | null;
      facets?: Record<string, unknown>;
    };
  };
  /** Communications, audited changes and plugin items, newest first. Permission: `customers.read`. */
  'GET /api/v1/customers/{id}/timeline': {
    params: {
      id: string;
    };
    query: {
      limit?: number;
      cursor?: string;
    };
    body: never;
    response: {
      items: {
        id: string;
        source: string;
        at: string;
        type: string;
        title: string;
        data?: Record<string, unknown>;
      }[];
      nextCursor: string | null;
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
  /** Recompute the maintained ageing cells and customer balances from the invoices. Permission: `receivables.admin`. */
  'POST /api/v1/receivables/admin/rebuild-balances': {
    params: {};
    query: {};
    body: never;
    response: unknown;
  };
  /** Ageing as of a date: bucket totals per currency, per responsible person, and the customers with the largest oldest-bucket balance. Permission: `receivables.ageing.read`. */
  'GET /api/v1/receivables/ageing': {
    params: {};
    query: {
      asOf?: string;
      buckets?: string;
      top?: number;
    };
    body: never;
    response: unknown;
  };
  /** Ageing per customer and currency, a page at a time in customer order. Permission: `receivables.ageing.read`. */
  'GET /api/v1/receivables/ageing/customers': {
    params: {};
    query: {
      asOf?: string;
      buckets?: string;
      cursor?: string;
      limit?: number;
    };
    body: never;
    response: unknown;
  };
  /** The full ageing per customer as CSV, streamed chunk by chunk so other requests keep being served. Permission: `receivables.ageing.read`. */
  'GET /api/v1/receivables/ageing/export.csv': {
    params: {};
    query: {
      asOf?: string;
      buckets?: string;
    };
    body: never;
    response: unknown;
  };
  /** Credit notes, newest first. Permission: `receivables.read`. */
  'GET /api/v1/receivables/credit-notes': {
    params: {};
    query: {
      customerId?: string;
      invoiceId?: string;
      cursor?: string;
      limit?: number;
    };
    body: never;
    response: unknown;
  };
  /** Issue a credit note (return 退货, discount 折价, compensation) against an invoice. Permission: `receivables.creditNotes.write`. */
  'POST /api/v1/receivables/credit-notes': {
    params: {};
    query: {};
    body: {
      invoiceId: string;
      amount: number;
      kind: "return" | "discount" | "compensation" | "other";
      reason: string;
      date?: string;
    };
    response: unknown;
  };
  /** A customer's standing: overdue, oldest overdue days, unpaid over two months, stale disputes. Permission: `receivables.read`. */
  'GET /api/v1/receivables/customers/{customerId}/standing': {
    params: {
      customerId: string;
    };
    query: {};
    body: never;
    response: unknown;
  };
  /** Dispute items; `stale=true` lists those open more than two months. Permission: `receivables.read`. */
  'GET /api/v1/receivables/disputes': {
    params: {};
    query: {
      status?: "open" | "resolved";
      stale?: "true" | "false";
      customerId?: string;
      cursor?: string;
      limit?: number;
    };
    body: never;
    response: unknown;
  };
  /** Resolve a dispute item. Permission: `receivables.statements.write`. */
  'POST /api/v1/receivables/disputes/{id}/resolve': {
    params: {
      id: string;
    };
    query: {};
    body: {
      resolution: string;
    };
    response: unknown;
  };
  /** Extension requests. Permission: `receivables.read`. */
  'GET /api/v1/receivables/extensions': {
    params: {};
    query: {
      status?: "pending" | "approved" | "rejected" | "withdrawn";
      invoiceId?: string;
      customerId?: string;
      cursor?: string;
      limit?: number;
    };
    body: never;
    response: unknown;
  };
  /** Request an extension of an invoice (延期还款审批单). Permission: `receivables.extensions.request`. */
  'POST /api/v1/receivables/extensions': {
    params: {};
    query: {};
    body: {
      invoiceId: string;
      requestedDueDate: string;
      reason: string;
    };
    response: unknown;
  };
  /** Approve: the due date moves (audited). Permission: `receivables.extensions.decide`. */
  'POST /api/v1/receivables/extensions/{id}/approve': {
    params: {
      id: string;
    };
    query: {};
    body: {
      note?: string;
    };
    response: unknown;
  };
  /** Reject an extension request. Permission: `receivables.extensions.decide`. */
  'POST /api/v1/receivables/extensions/{id}/reject': {
    params: {
      id: string;
    };
    query: {};
    body: {
      note: string;
    };
    response: unknown;
  };
  /** Handovers. Permission: `receivables.read`. */
  'GET /api/v1/receivables/handovers': {
    params: {};
    query: {
      customerId?: string;
      cursor?: string;
      limit?: number;
    };
    body: never;
    response: unknown;
  };
  /** Hand over the open balances of a customer from one responsible person to another (应收账款移交). Permission: `receivables.handovers.write`. */
  'POST /api/v1/receivables/handovers': {
    params: {};
    query: {};
    body: {
      customerId: string;
      fromId?: string | null;
      toId: string;
      reason: string;
    };
    response: unknown;
  };
  /** A handover with the bad debts written off within 90 days after it, charged to the predecessor. Permission: `receivables.read`. */
  'GET /api/v1/receivables/handovers/{id}': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: unknown;
  };
  /** Invoices of the customers the caller may see, newest first. Permission: `receivables.read`. */
  'GET /api/v1/receivables/invoices': {
    params: {};
    query: {
      customerId?: string;
      status?: "open" | "partially_paid" | "paid" | "written_off" | "cancelled";
      responsibleId?: string;
      currency?: string;
      overdue?: "true" | "false";
      cursor?: string;
      limit?: number;
    };
    body: never;
    response: unknown;
  };
  /** Issue an invoice on credit terms (账期). Permission: `receivables.invoices.write`. */
  'POST /api/v1/receivables/invoices': {
    params: {};
    query: {};
    body: {
      customerId: string;
      issueDate?: string;
      termDays?: number;
      currency?: string;
      lines: {
        description: string;
        quantity: number;
        unitPrice: number;
      }[];
      responsibleId?: string | null;
      reference?: string | null;
      creditOverrideId?: string | null;
    };
    response: unknown;
  };
  /** One invoice with its payments, credit notes, write-offs and extensions. Permission: `receivables.read`. */
  'GET /api/v1/receivables/invoices/{id}': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: unknown;
  };
  /** Cancel an unpaid invoice. Permission: `receivables.invoices.write`. */
  'POST /api/v1/receivables/invoices/{id}/cancel': {
    params: {
      id: string;
    };
    query: {};
    body: {
      reason: string;
    };
    response: unknown;
  };
  /** Payments, newest first. Permission: `receivables.read`. */
  'GET /api/v1/receivables/payments': {
    params: {};
    query: {
      customerId?: string;
      status?: "recorded" | "reversed";
      unallocated?: "true" | "false";
      cursor?: string;
      limit?: number;
    };
    body: never;
    response: unknown;
  };
  /** Record a payment and allocate it (chosen invoices, or oldest due first). Permission: `receivables.payments.write`. */
  'POST /api/v1/receivables/payments': {
    params: {};
    query: {};
    body: {
      customerId: string;
      amount: number;
      currency: string;
      date: string;
      method: "bank_transfer" | "cash" | "cheque" | "acceptance_bill" | "card" | "other";
      reference?: string | null;
      allocations?: {
        invoiceId: string;
        amount: number;
      }[];
    };
    response: unknown;
  };
  /** One payment with its allocations. Permission: `receivables.read`. */
  'GET /api/v1/receivables/payments/{id}': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: unknown;
  };
  /** Apply a payment's credit balance to invoices. Permission: `receivables.payments.write`. */
  'POST /api/v1/receivables/payments/{id}/allocations': {
    params: {
      id: string;
    };
    query: {};
    body: {
      allocations?: {
        invoiceId: string;
        amount: number;
      }[];
    };
    response: unknown;
  };
  /** Reverse a payment (bounced, mistaken). Permission: `receivables.payments.write`. */
  'POST /api/v1/receivables/payments/{id}/reverse': {
    params: {
      id: string;
    };
    query: {};
    body: {
      reason: string;
    };
    response: unknown;
  };
  /** Repayment plans. Permission: `receivables.read`. */
  'GET /api/v1/receivables/plans': {
    params: {};
    query: {
      customerId?: string;
      status?: "active" | "completed" | "broken" | "cancelled";
      cursor?: string;
      limit?: number;
    };
    body: never;
    response: unknown;
  };
  /** Agree a repayment plan (还款计划) of instalments for overdue debt. Permission: `receivables.plans.write`. */
  'POST /api/v1/receivables/plans': {
    params: {};
    query: {};
    body: {
      customerId: string;
      currency: string;
      reason: string;
      instalments: {
        dueDate: string;
        amount: number;
      }[];
    };
    response: unknown;
  };
  /** One repayment plan. Permission: `receivables.read`. */
  'GET /api/v1/receivables/plans/{id}': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: unknown;
  };
  /** Cancel an active plan. Permission: `receivables.plans.write`. */
  'POST /api/v1/receivables/plans/{id}/cancel': {
    params: {
      id: string;
    };
    query: {};
    body: {
      reason: string;
    };
    response: unknown;
  };
  /** The customer views a statement through the link (no login). Public. */
  'GET /api/v1/receivables/public/statements/{token}': {
    params: {
      token: string;
    };
    query: {};
    body: never;
    response: unknown;
  };
  /** The customer confirms the statement through the link (single use). Public. */
  'POST /api/v1/receivables/public/statements/{token}/confirm': {
    params: {
      token: string;
    };
    query: {};
    body: {
      signedBy: string;
    };
    response: unknown;
  };
  /** The customer disputes items through the link (single use). Public. */
  'POST /api/v1/receivables/public/statements/{token}/dispute': {
    params: {
      token: string;
    };
    query: {};
    body: {
      signedBy: string;
      items: {
        amount: number;
        kind: "fee" | "return" | "price" | "payment" | "other";
        reason: string;
      }[];
    };
    response: unknown;
  };
  /** Statements, newest first. Permission: `receivables.read`. */
  'GET /api/v1/receivables/statements': {
    params: {};
    query: {
      customerId?: string;
      period?: string;
      status?: "draft" | "sent" | "confirmed" | "disputed";
      cursor?: string;
      limit?: number;
    };
    body: never;
    response: unknown;
  };
  /** Generate a customer's statement for a month (one per currency, or the one asked for); a draft is regenerated. Permission: `receivables.statements.write`. */
  'POST /api/v1/receivables/statements': {
    params: {};
    query: {};
    body: {
      customerId: string;
      period: string;
      currency?: string;
    };
    response: unknown;
  };
  /** One statement with its movements and dispute items. Permission: `receivables.read`. */
  'GET /api/v1/receivables/statements/{id}': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: unknown;
  };
  /** Record the customer's signed confirmation (债权债务确认书). Permission: `receivables.statements.write`. */
  'POST /api/v1/receivables/statements/{id}/confirm': {
    params: {
      id: string;
    };
    query: {};
    body: {
      signedBy?: string;
    };
    response: unknown;
  };
  /** Record disputed items (费用、退货 adjustments) raised by the customer. Permission: `receivables.statements.write`. */
  'POST /api/v1/receivables/statements/{id}/dispute': {
    params: {
      id: string;
    };
    query: {};
    body: {
      items: {
        amount: number;
        kind: "fee" | "return" | "price" | "payment" | "other";
        reason: string;
      }[];
      signedBy?: string;
    };
    response: unknown;
  };
  /** A statement as CSV. Permission: `receivables.read`. */
  'GET /api/v1/receivables/statements/{id}/export.csv': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: unknown;
  };
  /** Mark as sent and issue a single-use confirmation link for the customer (shown once). Permission: `receivables.statements.write`. */
  'POST /api/v1/receivables/statements/{id}/send': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: unknown;
  };
  /** Mid-month warnings (预警); `answered=false` lists the unanswered ones. Permission: `receivables.read`. */
  'GET /api/v1/receivables/warnings': {
    params: {};
    query: {
      answered?: "true" | "false";
      responsibleId?: string;
      customerId?: string;
      period?: string;
      cursor?: string;
      limit?: number;
    };
    body: never;
    response: unknown;
  };
  /** The responsible person answers a warning: reason, collection measures, expected payment date. Permission: `receivables.warnings.answer`. */
  'POST /api/v1/receivables/warnings/{id}/answer': {
    params: {
      id: string;
    };
    query: {};
    body: {
      reason: string;
      measures: string;
      expectedPaymentDate: string;
    };
    response: unknown;
  };
  /** Write-offs; `chargedToId` lists bad debts charged to a predecessor after a handover. Permission: `receivables.read`. */
  'GET /api/v1/receivables/write-offs': {
    params: {};
    query: {
      status?: "pending" | "approved" | "rejected" | "withdrawn";
      customerId?: string;
      chargedToId?: string;
      cursor?: string;
      limit?: number;
    };
    body: never;
    response: unknown;
  };
  /** Request a bad-debt write-off; it takes effect only when approved. Permission: `receivables.writeOffs.request`. */
  'POST /api/v1/receivables/write-offs': {
    params: {};
    query: {};
    body: {
      invoiceId: string;
      reason: string;
    };
    response: unknown;
  };
  /** Approve a write-off (not by its requester). Permission: `receivables.writeOffs.approve`. */
  'POST /api/v1/receivables/write-offs/{id}/approve': {
    params: {
      id: string;
    };
    query: {};
    body: {
      note?: string;
    };
    response: unknown;
  };
  /** Reject a write-off. Permission: `receivables.writeOffs.approve`. */
  'POST /api/v1/receivables/write-offs/{id}/reject': {
    params: {
      id: string;
    };
    query: {};
    body: {
      note: string;
    };
    response: unknown;
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
