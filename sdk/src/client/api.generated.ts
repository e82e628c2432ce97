/* eslint-disable */
/**
 * Generated from the Kehu OpenAPI document (kernel with receivables, complaints, console, credit, satisfaction).
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
    response: {
      openapi: string;
      info: {
        title: string;
        version: string;
        description?: string;
      };
      /** Operations by path, then method */
      paths: Record<string, Record<string, Record<string, unknown>>>;
      components: Record<string, unknown>;
      security: Record<string, string[]>[];
    };
  };
  /** My activities: open ones soonest first (overdue, due today, upcoming), or closed ones. */
  'GET /api/v1/activities': {
    params: {};
    query: {
      type?: string | string[];
      customer?: string;
      plugin?: string;
      bucket?: "overdue" | "today" | "upcoming" | "someday";
      limit?: number;
      cursor?: string;
      status?: "open" | "done" | "cancelled";
    };
    body: never;
    response: {
      items: {
        id: string;
        type: string;
        subject: string;
        description: string | null;
        customerId: string | null;
        /** The plugin entity it is about, e.g. { type: "extension_request", id } */
        link: {
          type: string;
          id: string;
        } | null;
        assigneeId: string;
        /** The deadline (UTC); a date-only one ends with its day in the company zone */
        dueAt: string | null;
        /** The deadline's date in the company time zone */
        dueDate: string | null;
        dueTime: string | null;
        priority: "low" | "normal" | "high" | "urgent";
        status: "open" | "done" | "cancelled";
        /** Open ones: overdue, today, upcoming or someday */
        bucket: ("overdue" | "today" | "upcoming" | "someday") | null;
        outcome: string | null;
        completionNote: string | null;
        /** Closed by the rule that made it (answering, deciding), not by hand */
        closedBySource: boolean;
        createdBy: string | null;
        sourcePlugin: string | null;
        data: Record<string, unknown> | null;
        createdAt: string;
        updatedAt: string;
        closedAt: string | null;
        closedBy: string | null;
        overdueAt: string | null;
        escalatedAt: string | null;
        version: number;
      }[];
      /** Pass as `cursor` for the next page; null on the last */
      nextCursor: string | null;
    };
  };
  /** Create an activity (for myself by default). */
  'POST /api/v1/activities': {
    params: {};
    query: {};
    body: {
      type: string;
      subject: string;
      description?: string | null;
      customerId?: string | null;
      link?: {
        type: string;
        id: string;
      } | null;
      assigneeId?: string;
      /** In the company time zone */
      dueDate?: string | null;
      dueTime?: string | null;
      dueAt?: string | null;
      priority?: "low" | "normal" | "high" | "urgent";
    };
    response: {
      id: string;
      type: string;
      subject: string;
      description: string | null;
      customerId: string | null;
      /** The plugin entity it is about, e.g. { type: "extension_request", id } */
      link: {
        type: string;
        id: string;
      } | null;
      assigneeId: string;
      /** The deadline (UTC); a date-only one ends with its day in the company zone */
      dueAt: string | null;
      /** The deadline's date in the company time zone */
      dueDate: string | null;
      dueTime: string | null;
      priority: "low" | "normal" | "high" | "urgent";
      status: "open" | "done" | "cancelled";
      /** Open ones: overdue, today, upcoming or someday */
      bucket: ("overdue" | "today" | "upcoming" | "someday") | null;
      outcome: string | null;
      completionNote: string | null;
      /** Closed by the rule that made it (answering, deciding), not by hand */
      closedBySource: boolean;
      createdBy: string | null;
      sourcePlugin: string | null;
      data: Record<string, unknown> | null;
      createdAt: string;
      updatedAt: string;
      closedAt: string | null;
      closedBy: string | null;
      overdueAt: string | null;
      escalatedAt: string | null;
      version: number;
    };
  };
  /** How many open activities I have, by bucket (for a badge). */
  'GET /api/v1/activities/counts': {
    params: {};
    query: {};
    body: never;
    response: {
      open: number;
      overdue: number;
      dueToday: number;
      upcoming: number;
      someday: number;
    };
  };
  /** The team's open activities (every user's), overdue ones by default. Permission: `activities.team`. */
  'GET /api/v1/activities/team': {
    params: {};
    query: {
      type?: string | string[];
      customer?: string;
      plugin?: string;
      bucket?: "overdue" | "today" | "upcoming" | "someday" | "all";
      limit?: number;
      cursor?: string;
      assignee?: string;
    };
    body: never;
    response: {
      items: {
        id: string;
        type: string;
        subject: string;
        description: string | null;
        customerId: string | null;
        /** The plugin entity it is about, e.g. { type: "extension_request", id } */
        link: {
          type: string;
          id: string;
        } | null;
        assigneeId: string;
        /** The deadline (UTC); a date-only one ends with its day in the company zone */
        dueAt: string | null;
        /** The deadline's date in the company time zone */
        dueDate: string | null;
        dueTime: string | null;
        priority: "low" | "normal" | "high" | "urgent";
        status: "open" | "done" | "cancelled";
        /** Open ones: overdue, today, upcoming or someday */
        bucket: ("overdue" | "today" | "upcoming" | "someday") | null;
        outcome: string | null;
        completionNote: string | null;
        /** Closed by the rule that made it (answering, deciding), not by hand */
        closedBySource: boolean;
        createdBy: string | null;
        sourcePlugin: string | null;
        data: Record<string, unknown> | null;
        createdAt: string;
        updatedAt: string;
        closedAt: string | null;
        closedBy: string | null;
        overdueAt: string | null;
        escalatedAt: string | null;
        version: number;
      }[];
      /** Pass as `cursor` for the next page; null on the last */
      nextCursor: string | null;
    };
  };
  /** Activity types with their labels (en, zh-CN). */
  'GET /api/v1/activities/types': {
    params: {};
    query: {};
    body: never;
    response: {
      items: {
        name: string;
        plugin: string;
        labels: {
          en: string;
          "zh-CN": string;
        };
      }[];
    };
  };
  /** One activity. */
  'GET /api/v1/activities/{id}': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: {
      id: string;
      type: string;
      subject: string;
      description: string | null;
      customerId: string | null;
      /** The plugin entity it is about, e.g. { type: "extension_request", id } */
      link: {
        type: string;
        id: string;
      } | null;
      assigneeId: string;
      /** The deadline (UTC); a date-only one ends with its day in the company zone */
      dueAt: string | null;
      /** The deadline's date in the company time zone */
      dueDate: string | null;
      dueTime: string | null;
      priority: "low" | "normal" | "high" | "urgent";
      status: "open" | "done" | "cancelled";
      /** Open ones: overdue, today, upcoming or someday */
      bucket: ("overdue" | "today" | "upcoming" | "someday") | null;
      outcome: string | null;
      completionNote: string | null;
      /** Closed by the rule that made it (answering, deciding), not by hand */
      closedBySource: boolean;
      createdBy: string | null;
      sourcePlugin: string | null;
      data: Record<string, unknown> | null;
      createdAt: string;
      updatedAt: string;
      closedAt: string | null;
      closedBy: string | null;
      overdueAt: string | null;
      escalatedAt: string | null;
      version: number;
    };
  };
  /** Cancel an activity. */
  'POST /api/v1/activities/{id}/cancel': {
    params: {
      id: string;
    };
    query: {};
    body: {
      note?: string | null;
    };
    response: {
      id: string;
      type: string;
      subject: string;
      description: string | null;
      customerId: string | null;
      /** The plugin entity it is about, e.g. { type: "extension_request", id } */
      link: {
        type: string;
        id: string;
      } | null;
      assigneeId: string;
      /** The deadline (UTC); a date-only one ends with its day in the company zone */
      dueAt: string | null;
      /** The deadline's date in the company time zone */
      dueDate: string | null;
      dueTime: string | null;
      priority: "low" | "normal" | "high" | "urgent";
      status: "open" | "done" | "cancelled";
      /** Open ones: overdue, today, upcoming or someday */
      bucket: ("overdue" | "today" | "upcoming" | "someday") | null;
      outcome: string | null;
      completionNote: string | null;
      /** Closed by the rule that made it (answering, deciding), not by hand */
      closedBySource: boolean;
      createdBy: string | null;
      sourcePlugin: string | null;
      data: Record<string, unknown> | null;
      createdAt: string;
      updatedAt: string;
      closedAt: string | null;
      closedBy: string | null;
      overdueAt: string | null;
      escalatedAt: string | null;
      version: number;
    };
  };
  /** Mark an activity done, with its outcome. */
  'POST /api/v1/activities/{id}/complete': {
    params: {
      id: string;
    };
    query: {};
    body: {
      outcome?: string | null;
      note?: string | null;
    };
    response: {
      id: string;
      type: string;
      subject: string;
      description: string | null;
      customerId: string | null;
      /** The plugin entity it is about, e.g. { type: "extension_request", id } */
      link: {
        type: string;
        id: string;
      } | null;
      assigneeId: string;
      /** The deadline (UTC); a date-only one ends with its day in the company zone */
      dueAt: string | null;
      /** The deadline's date in the company time zone */
      dueDate: string | null;
      dueTime: string | null;
      priority: "low" | "normal" | "high" | "urgent";
      status: "open" | "done" | "cancelled";
      /** Open ones: overdue, today, upcoming or someday */
      bucket: ("overdue" | "today" | "upcoming" | "someday") | null;
      outcome: string | null;
      completionNote: string | null;
      /** Closed by the rule that made it (answering, deciding), not by hand */
      closedBySource: boolean;
      createdBy: string | null;
      sourcePlugin: string | null;
      data: Record<string, unknown> | null;
      createdAt: string;
      updatedAt: string;
      closedAt: string | null;
      closedBy: string | null;
      overdueAt: string | null;
      escalatedAt: string | null;
      version: number;
    };
  };
  /** Hand an activity to someone else. */
  'POST /api/v1/activities/{id}/reassign': {
    params: {
      id: string;
    };
    query: {};
    body: {
      assigneeId: string;
    };
    response: {
      id: string;
      type: string;
      subject: string;
      description: string | null;
      customerId: string | null;
      /** The plugin entity it is about, e.g. { type: "extension_request", id } */
      link: {
        type: string;
        id: string;
      } | null;
      assigneeId: string;
      /** The deadline (UTC); a date-only one ends with its day in the company zone */
      dueAt: string | null;
      /** The deadline's date in the company time zone */
      dueDate: string | null;
      dueTime: string | null;
      priority: "low" | "normal" | "high" | "urgent";
      status: "open" | "done" | "cancelled";
      /** Open ones: overdue, today, upcoming or someday */
      bucket: ("overdue" | "today" | "upcoming" | "someday") | null;
      outcome: string | null;
      completionNote: string | null;
      /** Closed by the rule that made it (answering, deciding), not by hand */
      closedBySource: boolean;
      createdBy: string | null;
      sourcePlugin: string | null;
      data: Record<string, unknown> | null;
      createdAt: string;
      updatedAt: string;
      closedAt: string | null;
      closedBy: string | null;
      overdueAt: string | null;
      escalatedAt: string | null;
      version: number;
    };
  };
  /** Event deliveries; `status=dead` lists dead letters, `orphaned=true` those nobody will deliver. Permission: `admin.hooks`. */
  'GET /api/v1/admin/deliveries': {
    params: {};
    query: {
      status?: "pending" | "delivered" | "dead";
      subscriber?: string;
      orphaned?: "true" | "false";
      limit?: number;
    };
    body: never;
    response: {
      items: {
        id: string;
        eventId: string;
        event: string;
        subscriber: string;
        status: "pending" | "delivered" | "dead";
        /** No subscriber of this name exists any more (plugin disabled, subscriber renamed): drop it */
        orphaned: boolean;
        attempts: number;
        nextAttemptAt: string;
        lastError: string | null;
        deliveredAt: string | null;
        payload: unknown;
        occurredAt: string;
      }[];
    };
  };
  /** Drop every undelivered delivery waiting for a subscriber that no longer exists. Permission: `admin.hooks`. */
  'POST /api/v1/admin/deliveries/drop-orphaned': {
    params: {};
    query: {};
    body: {
      subscriber: string;
    };
    response: {
      subscriber: string;
      dropped: number;
    };
  };
  /** Drop a pending or dead delivery: it is deleted and never delivered. Permission: `admin.hooks`. */
  'DELETE /api/v1/admin/deliveries/{id}': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: void;
  };
  /** Give up on a pending delivery: it is not attempted again and shows as a dead letter. Permission: `admin.hooks`. */
  'POST /api/v1/admin/deliveries/{id}/dead-letter': {
    params: {
      id: string;
    };
    query: {};
    body: {
      reason?: string;
    };
    response: {
      id: string;
      status: "dead";
    };
  };
  /** Put a dead letter back in the queue. Permission: `admin.hooks`. */
  'POST /api/v1/admin/deliveries/{id}/replay': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: {
      id: string;
      status: "pending";
    };
  };
  /** Every filter and subscriber in execution order. Permission: `admin.hooks`. */
  'GET /api/v1/admin/hooks': {
    params: {};
    query: {};
    body: never;
    response: {
      filters: {
        name: string;
        /** In execution order */
        handlers: {
          plugin: string;
          priority: number;
          order: number;
        }[];
      }[];
      events: {
        name: string;
        subscribers: {
          id: string;
          plugin: string;
        }[];
      }[];
    };
  };
  /** Scheduled jobs. Permission: `admin.jobs`. */
  'GET /api/v1/admin/jobs': {
    params: {};
    query: {};
    body: never;
    response: {
      items: {
        name: string;
        plugin: string;
        period: "hour" | "day" | "month";
      }[];
    };
  };
  /** Run due jobs now (or at a given instant), idempotent per period. Permission: `admin.jobs`. */
  'POST /api/v1/admin/jobs/run': {
    params: {};
    query: {};
    body: {
      at?: string;
      job?: string;
    };
    response: {
      results: {
        job: string;
        /** The period key the run counts for, e.g. 2026-03 or 2026-03-15 */
        period: string;
        status: "ran" | "skipped" | "not_due" | "failed";
        /** What the job returned, when it ran */
        result?: unknown;
        error?: string;
      }[];
    };
  };
  /** Webhook endpoints (never their secrets). Permission: `admin.webhooks`. */
  'GET /api/v1/admin/webhooks': {
    params: {};
    query: {};
    body: never;
    response: {
      items: {
        id: string;
        url: string;
        description: string | null;
        /** Event names, `plugin.*` patterns or `*` */
        events: string[];
        active: boolean;
        /** Since when every delivery has failed; null when healthy */
        failingSince: string | null;
        disabledAt: string | null;
        disabledReason: string | null;
        createdAt: string;
        updatedAt: string;
      }[];
    };
  };
  /** Register a webhook endpoint; its signing secret is shown once. Permission: `admin.webhooks`. */
  'POST /api/v1/admin/webhooks': {
    params: {};
    query: {};
    body: {
      /** Where deliveries are POSTed */
      url: string;
      events: string[];
      description?: string | null;
      active?: boolean;
    };
    response: {
      endpoint: {
        id: string;
        url: string;
        description: string | null;
        /** Event names, `plugin.*` patterns or `*` */
        events: string[];
        active: boolean;
        /** Since when every delivery has failed; null when healthy */
        failingSince: string | null;
        disabledAt: string | null;
        disabledReason: string | null;
        createdAt: string;
        updatedAt: string;
      };
      /** `whsec_…`: shown only in this response; verify deliveries with it (Standard Webhooks) */
      secret: string;
    };
  };
  /** One webhook endpoint. Permission: `admin.webhooks`. */
  'GET /api/v1/admin/webhooks/{id}': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: {
      id: string;
      url: string;
      description: string | null;
      /** Event names, `plugin.*` patterns or `*` */
      events: string[];
      active: boolean;
      /** Since when every delivery has failed; null when healthy */
      failingSince: string | null;
      disabledAt: string | null;
      disabledReason: string | null;
      createdAt: string;
      updatedAt: string;
    };
  };
  /** Change an endpoint; `active: true` re-enables a disabled one. Permission: `admin.webhooks`. */
  'PATCH /api/v1/admin/webhooks/{id}': {
    params: {
      id: string;
    };
    query: {};
    body: {
      /** Where deliveries are POSTed */
      url?: string;
      events?: string[];
      description?: string | null;
      active?: boolean;
    };
    response: {
      id: string;
      url: string;
      description: string | null;
      /** Event names, `plugin.*` patterns or `*` */
      events: string[];
      active: boolean;
      /** Since when every delivery has failed; null when healthy */
      failingSince: string | null;
      disabledAt: string | null;
      disabledReason: string | null;
      createdAt: string;
      updatedAt: string;
    };
  };
  /** Delete an endpoint with its delivery log and undelivered events. Permission: `admin.webhooks`. */
  'DELETE /api/v1/admin/webhooks/{id}': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: void;
  };
  /** The endpoint's delivery log, newest first: every attempt with status code and latency. Permission: `admin.webhooks`. */
  'GET /api/v1/admin/webhooks/{id}/deliveries': {
    params: {
      id: string;
    };
    query: {
      before?: string;
      limit?: number;
    };
    body: never;
    response: {
      items: {
        id: string;
        endpointId: string;
        /** The outbox delivery (replay it at /api/v1/admin/deliveries/{id}/replay); null for a ping */
        deliveryId: string | null;
        deliveryStatus: ("pending" | "delivered" | "dead") | null;
        /** The `webhook-id` header sent */
        messageId: string;
        event: string;
        attempt: number;
        ok: boolean;
        /** null when no response arrived */
        statusCode: number | null;
        latencyMs: number;
        error: string | null;
        /** The first 1000 characters of the response */
        responseBody: string | null;
        at: string;
      }[];
      /** Pass as `before` for older attempts; null on the last page */
      nextCursor: string | null;
    };
  };
  /** Send a signed `webhook.ping` now and answer how the endpoint responded. Permission: `admin.webhooks`. */
  'POST /api/v1/admin/webhooks/{id}/ping': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: {
      id: string;
      endpointId: string;
      /** The outbox delivery (replay it at /api/v1/admin/deliveries/{id}/replay); null for a ping */
      deliveryId: string | null;
      deliveryStatus: ("pending" | "delivered" | "dead") | null;
      /** The `webhook-id` header sent */
      messageId: string;
      event: string;
      attempt: number;
      ok: boolean;
      /** null when no response arrived */
      statusCode: number | null;
      latencyMs: number;
      error: string | null;
      /** The first 1000 characters of the response */
      responseBody: string | null;
      at: string;
    };
  };
  /** Put every dead delivery of this endpoint back in the queue (others' are untouched). Permission: `admin.webhooks`. */
  'POST /api/v1/admin/webhooks/{id}/replay': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: {
      /** Ids of the deliveries queued again */
      replayed: string[];
    };
  };
  /** Replace the signing secret (shown once); the old one also signs for the grace period. Permission: `admin.webhooks`. */
  'POST /api/v1/admin/webhooks/{id}/rotate-secret': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: {
      /** `whsec_…`: shown only in this response; verify deliveries with it (Standard Webhooks) */
      secret: string;
    };
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
    response: {
      items: {
        id: string;
        entityType: string;
        entityId: string;
        customerId: string | null;
        action: string;
        actorId: string | null;
        at: string;
        /** Changed fields, from → to */
        changes: Record<string, {
            from: unknown;
            to: unknown;
          }> | null;
        reason: string | null;
      }[];
      /** Pass as `before` for older entries; null on the last page */
      nextCursor: string | null;
    };
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
    response: {
      approved: boolean;
      customerId: string;
      amount: number;
      currency: string;
      termDays: number | null;
      grade: string | null;
      status: "normal" | "on_hold";
      /** The profile's currency, or the requested one without a profile */
      creditCurrency: string;
      exposure: {
        total: number;
        receivables: number;
        contributed: number;
        contributions: {
          customerId: string;
          source: string;
          kind: string;
          amount: number;
          currency: string;
          detail?: string;
        }[];
      };
      limit: {
        fixed: number;
        temporary: number;
        total: number;
      } | null;
      /** limit − exposure before this sale; null without a limit */
      available: number | null;
      maxTermDays: number | null;
      reasons: {
        code: "no_credit_profile" | "not_graded" | "on_hold" | "credit_sales_not_allowed" | "overdue" | "delivery_blocked" | "currency_mismatch" | "limit_exceeded" | "term_exceeds_maximum" | "override_invalid";
        detail: string;
        data?: Record<string, unknown>;
      }[];
      override: {
        id: string;
        waived: ("no_credit_profile" | "not_graded" | "on_hold" | "credit_sales_not_allowed" | "overdue" | "delivery_blocked" | "currency_mismatch" | "limit_exceeded" | "term_exceeds_maximum" | "override_invalid")[];
      } | null;
      checkedAt: string;
    };
  };
  /** A customer's credit: profile, figures, holds, temporary limits. Permission: `credit.read`. */
  'GET /api/v1/credit/customers/{customerId}': {
    params: {
      customerId: string;
    };
    query: {};
    body: never;
    response: {
      customerId: string;
      profile: {
        customerId: string;
        /** Null until a first evaluation is approved */
        grade: string | null;
        score: number | null;
        /** As approved, minor units of `currency`; the check caps it at the grade ceiling */
        fixedLimit: number;
        currency: string;
        maxTermDays: number;
        status: "normal" | "on_hold";
        holdReasons: ("overdue" | "plan_broken" | "written_off" | "manual")[];
        nextReviewDate: string | null;
        evaluatedAt: string | null;
        createdAt: string;
        updatedAt: string;
        version: number;
      } | null;
      summary: {
        hasProfile: boolean;
        grade: string | null;
        score: number | null;
        currency: string;
        fixedLimit: number;
        temporaryLimit: number;
        limit: number | null;
        exposure: number;
        available: number | null;
        status: "normal" | "on_hold";
        holdReasons: ("overdue" | "plan_broken" | "written_off" | "manual")[];
        maxTermDays: number | null;
        nextReviewDate: string | null;
      } | null;
      /** Active holds */
      holds: {
        id: string;
        customerId: string;
        reason: "overdue" | "plan_broken" | "written_off" | "manual";
        /** The invoice, plan or other record that caused it */
        sourceRef: string | null;
        note: string | null;
        placedAt: string;
        /** Null when a subscriber placed it */
        placedBy: string | null;
        releasedAt: string | null;
        releasedBy: string | null;
        releaseNote: string | null;
      }[];
      /** Approved temporary limits that have not expired */
      temporaryLimits: {
        id: string;
        kind: "fixed" | "temporary" | "transfer";
        /** The customer whose limit is set or rises; the receiving side of a transfer */
        customerId: string;
        /** The giving side of a transfer */
        fromCustomerId: string | null;
        amount: number;
        currency: string;
        previousLimit: number | null;
        expiresAt: string | null;
        reason: string;
        status: "pending" | "approved" | "rejected";
        requestedBy: string;
        requestedAt: string;
        decidedBy: string | null;
        decidedAt: string | null;
        decisionNote: string | null;
      }[];
    };
  };
  /** The customer's evaluations, newest first (full history). Permission: `credit.read`. */
  'GET /api/v1/credit/customers/{customerId}/evaluations': {
    params: {
      customerId: string;
    };
    query: {};
    body: never;
    response: {
      items: {
        id: string;
        customerId: string;
        origin: "scoring" | "write_off";
        sourceRef: string | null;
        /** Null for a downgrade after a write-off */
        factors: {
          key: string;
          weight: number;
          score: number;
        }[] | null;
        score: number | null;
        proposedGrade: string;
        previousGrade: string | null;
        status: "pending" | "approved" | "rejected" | "superseded";
        note: string | null;
        investigationIds: string[];
        createdBy: string | null;
        createdAt: string;
        decidedBy: string | null;
        decidedAt: string | null;
        decisionNote: string | null;
      }[];
    };
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
    response: {
      id: string;
      customerId: string;
      origin: "scoring" | "write_off";
      sourceRef: string | null;
      /** Null for a downgrade after a write-off */
      factors: {
        key: string;
        weight: number;
        score: number;
      }[] | null;
      score: number | null;
      proposedGrade: string;
      previousGrade: string | null;
      status: "pending" | "approved" | "rejected" | "superseded";
      note: string | null;
      investigationIds: string[];
      createdBy: string | null;
      createdAt: string;
      decidedBy: string | null;
      decidedAt: string | null;
      decisionNote: string | null;
    };
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
    response: {
      items: {
        id: string;
        at: string;
        type: string;
        title: string;
        data: Record<string, unknown>;
      }[];
      /** The next page's cursor; null on the last page */
      nextCursor: string | null;
    };
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
    response: {
      items: {
        id: string;
        customerId: string;
        reason: "overdue" | "plan_broken" | "written_off" | "manual";
        /** The invoice, plan or other record that caused it */
        sourceRef: string | null;
        note: string | null;
        placedAt: string;
        /** Null when a subscriber placed it */
        placedBy: string | null;
        releasedAt: string | null;
        releasedBy: string | null;
        releaseNote: string | null;
      }[];
    };
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
    response: {
      id: string;
      customerId: string;
      reason: "overdue" | "plan_broken" | "written_off" | "manual";
      /** The invoice, plan or other record that caused it */
      sourceRef: string | null;
      note: string | null;
      placedAt: string;
      /** Null when a subscriber placed it */
      placedBy: string | null;
      releasedAt: string | null;
      releasedBy: string | null;
      releaseNote: string | null;
    };
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
    response: {
      id: string;
      customerId: string;
      reason: "overdue" | "plan_broken" | "written_off" | "manual";
      /** The invoice, plan or other record that caused it */
      sourceRef: string | null;
      note: string | null;
      placedAt: string;
      /** Null when a subscriber placed it */
      placedBy: string | null;
      releasedAt: string | null;
      releasedBy: string | null;
      releaseNote: string | null;
    };
  };
  /** The customer's credit investigations. Permission: `credit.read`. */
  'GET /api/v1/credit/customers/{customerId}/investigations': {
    params: {
      customerId: string;
    };
    query: {};
    body: never;
    response: {
      items: {
        id: string;
        customerId: string;
        source: "bank" | "agency" | "trade_association" | "customer" | "internal";
        sourceName: string | null;
        investigatedOn: string;
        findings: string;
        createdBy: string;
        createdAt: string;
      }[];
    };
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
    response: {
      id: string;
      customerId: string;
      source: "bank" | "agency" | "trade_association" | "customer" | "internal";
      sourceName: string | null;
      investigatedOn: string;
      findings: string;
      createdBy: string;
      createdAt: string;
    };
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
    response: {
      id: string;
      kind: "fixed" | "temporary" | "transfer";
      /** The customer whose limit is set or rises; the receiving side of a transfer */
      customerId: string;
      /** The giving side of a transfer */
      fromCustomerId: string | null;
      amount: number;
      currency: string;
      previousLimit: number | null;
      expiresAt: string | null;
      reason: string;
      status: "pending" | "approved" | "rejected";
      requestedBy: string;
      requestedAt: string;
      decidedBy: string | null;
      decidedAt: string | null;
      decisionNote: string | null;
    };
  };
  /** The customer's fixed limit, active temporary limits and every limit request. Permission: `credit.read`. */
  'GET /api/v1/credit/customers/{customerId}/limits': {
    params: {
      customerId: string;
    };
    query: {};
    body: never;
    response: {
      customerId: string;
      /** Null without a profile */
      currency: string | null;
      /** As approved; null without a profile */
      fixedLimit: number | null;
      /** Sum of the active temporary limits */
      temporaryLimit: number;
      temporaryLimits: {
        id: string;
        kind: "fixed" | "temporary" | "transfer";
        /** The customer whose limit is set or rises; the receiving side of a transfer */
        customerId: string;
        /** The giving side of a transfer */
        fromCustomerId: string | null;
        amount: number;
        currency: string;
        previousLimit: number | null;
        expiresAt: string | null;
        reason: string;
        status: "pending" | "approved" | "rejected";
        requestedBy: string;
        requestedAt: string;
        decidedBy: string | null;
        decidedAt: string | null;
        decisionNote: string | null;
      }[];
      /** Every request for or from the customer, newest first */
      requests: {
        id: string;
        kind: "fixed" | "temporary" | "transfer";
        /** The customer whose limit is set or rises; the receiving side of a transfer */
        customerId: string;
        /** The giving side of a transfer */
        fromCustomerId: string | null;
        amount: number;
        currency: string;
        previousLimit: number | null;
        expiresAt: string | null;
        reason: string;
        status: "pending" | "approved" | "rejected";
        requestedBy: string;
        requestedAt: string;
        decidedBy: string | null;
        decidedAt: string | null;
        decisionNote: string | null;
      }[];
    };
  };
  /** The customer's one-off exceptions. Permission: `credit.read`. */
  'GET /api/v1/credit/customers/{customerId}/overrides': {
    params: {
      customerId: string;
    };
    query: {};
    body: never;
    response: {
      items: {
        id: string;
        customerId: string;
        amountCap: number;
        currency: string;
        expiresAt: string;
        reason: string;
        grantedBy: string;
        grantedAt: string;
        usedAt: string | null;
        usedAmount: number | null;
        usedBy: string | null;
        invoiceId: string | null;
        revokedAt: string | null;
        revokedBy: string | null;
        status: "active" | "used" | "expired" | "revoked";
      }[];
    };
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
    response: {
      id: string;
      customerId: string;
      amountCap: number;
      currency: string;
      expiresAt: string;
      reason: string;
      grantedBy: string;
      grantedAt: string;
      usedAt: string | null;
      usedAmount: number | null;
      usedBy: string | null;
      invoiceId: string | null;
      revokedAt: string | null;
      revokedBy: string | null;
      status: "active" | "used" | "expired" | "revoked";
    };
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
    response: {
      customerId: string;
      /** Null until a first evaluation is approved */
      grade: string | null;
      score: number | null;
      /** As approved, minor units of `currency`; the check caps it at the grade ceiling */
      fixedLimit: number;
      currency: string;
      maxTermDays: number;
      status: "normal" | "on_hold";
      holdReasons: ("overdue" | "plan_broken" | "written_off" | "manual")[];
      nextReviewDate: string | null;
      evaluatedAt: string | null;
      createdAt: string;
      updatedAt: string;
      version: number;
    };
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
    response: {
      customerId: string;
      /** Null until a first evaluation is approved */
      grade: string | null;
      score: number | null;
      /** As approved, minor units of `currency`; the check caps it at the grade ceiling */
      fixedLimit: number;
      currency: string;
      maxTermDays: number;
      status: "normal" | "on_hold";
      holdReasons: ("overdue" | "plan_broken" | "written_off" | "manual")[];
      nextReviewDate: string | null;
      evaluatedAt: string | null;
      createdAt: string;
      updatedAt: string;
      version: number;
    };
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
    response: {
      items: {
        id: string;
        customerId: string;
        origin: "scoring" | "write_off";
        sourceRef: string | null;
        /** Null for a downgrade after a write-off */
        factors: {
          key: string;
          weight: number;
          score: number;
        }[] | null;
        score: number | null;
        proposedGrade: string;
        previousGrade: string | null;
        status: "pending" | "approved" | "rejected" | "superseded";
        note: string | null;
        investigationIds: string[];
        createdBy: string | null;
        createdAt: string;
        decidedBy: string | null;
        decidedAt: string | null;
        decisionNote: string | null;
      }[];
      /** The next page's cursor; null on the last page */
      nextCursor: string | null;
    };
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
    response: {
      evaluation: {
        id: string;
        customerId: string;
        origin: "scoring" | "write_off";
        sourceRef: string | null;
        /** Null for a downgrade after a write-off */
        factors: {
          key: string;
          weight: number;
          score: number;
        }[] | null;
        score: number | null;
        proposedGrade: string;
        previousGrade: string | null;
        status: "pending" | "approved" | "rejected" | "superseded";
        note: string | null;
        investigationIds: string[];
        createdBy: string | null;
        createdAt: string;
        decidedBy: string | null;
        decidedAt: string | null;
        decisionNote: string | null;
      };
      /** The customer's credit after the approval */
      profile: {
        grade: string;
        score: number | null;
        nextReviewDate: string;
      };
    };
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
    response: {
      evaluation: {
        id: string;
        customerId: string;
        origin: "scoring" | "write_off";
        sourceRef: string | null;
        /** Null for a downgrade after a write-off */
        factors: {
          key: string;
          weight: number;
          score: number;
        }[] | null;
        score: number | null;
        proposedGrade: string;
        previousGrade: string | null;
        status: "pending" | "approved" | "rejected" | "superseded";
        note: string | null;
        investigationIds: string[];
        createdBy: string | null;
        createdAt: string;
        decidedBy: string | null;
        decidedAt: string | null;
        decisionNote: string | null;
      };
    };
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
    response: {
      items: {
        id: string;
        kind: "fixed" | "temporary" | "transfer";
        /** The customer whose limit is set or rises; the receiving side of a transfer */
        customerId: string;
        /** The giving side of a transfer */
        fromCustomerId: string | null;
        amount: number;
        currency: string;
        previousLimit: number | null;
        expiresAt: string | null;
        reason: string;
        status: "pending" | "approved" | "rejected";
        requestedBy: string;
        requestedAt: string;
        decidedBy: string | null;
        decidedAt: string | null;
        decisionNote: string | null;
      }[];
      /** The next page's cursor; null on the last page */
      nextCursor: string | null;
    };
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
    response: {
      id: string;
      kind: "fixed" | "temporary" | "transfer";
      /** The customer whose limit is set or rises; the receiving side of a transfer */
      customerId: string;
      /** The giving side of a transfer */
      fromCustomerId: string | null;
      amount: number;
      currency: string;
      previousLimit: number | null;
      expiresAt: string | null;
      reason: string;
      status: "pending" | "approved" | "rejected";
      requestedBy: string;
      requestedAt: string;
      decidedBy: string | null;
      decidedAt: string | null;
      decisionNote: string | null;
    };
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
    response: {
      id: string;
      kind: "fixed" | "temporary" | "transfer";
      /** The customer whose limit is set or rises; the receiving side of a transfer */
      customerId: string;
      /** The giving side of a transfer */
      fromCustomerId: string | null;
      amount: number;
      currency: string;
      previousLimit: number | null;
      expiresAt: string | null;
      reason: string;
      status: "pending" | "approved" | "rejected";
      requestedBy: string;
      requestedAt: string;
      decidedBy: string | null;
      decidedAt: string | null;
      decisionNote: string | null;
    };
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
    response: {
      id: string;
      kind: "fixed" | "temporary" | "transfer";
      /** The customer whose limit is set or rises; the receiving side of a transfer */
      customerId: string;
      /** The giving side of a transfer */
      fromCustomerId: string | null;
      amount: number;
      currency: string;
      previousLimit: number | null;
      expiresAt: string | null;
      reason: string;
      status: "pending" | "approved" | "rejected";
      requestedBy: string;
      requestedAt: string;
      decidedBy: string | null;
      decidedAt: string | null;
      decisionNote: string | null;
    };
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
    response: {
      id: string;
      customerId: string;
      amountCap: number;
      currency: string;
      expiresAt: string;
      reason: string;
      grantedBy: string;
      grantedAt: string;
      usedAt: string | null;
      usedAmount: number | null;
      usedBy: string | null;
      invoiceId: string | null;
      revokedAt: string | null;
      revokedBy: string | null;
      status: "active" | "used" | "expired" | "revoked";
    };
  };
  /** Grade scale, policy per grade, score thresholds and the scoring model. Permission: `credit.read`. */
  'GET /api/v1/credit/policy': {
    params: {};
    query: {};
    body: never;
    response: {
      scale: "AAA-D" | "A-D";
      /** The currency of the grade ceilings */
      currency: string;
      /** Best grade first */
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
      /** 0 until a credit manager first changes the policy */
      version: number;
      updatedAt: string | null;
      updatedBy: string | null;
      gradeLabels: Record<string, {
          en: string;
          "zh-CN": string;
        }>;
    };
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
    response: {
      scale: "AAA-D" | "A-D";
      /** The currency of the grade ceilings */
      currency: string;
      /** Best grade first */
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
      /** 0 until a credit manager first changes the policy */
      version: number;
      updatedAt: string | null;
      updatedBy: string | null;
      gradeLabels: Record<string, {
          en: string;
          "zh-CN": string;
        }>;
    };
  };
  /** Visible customers whose credit review date has come. Permission: `credit.read`. */
  'GET /api/v1/credit/reviews/due': {
    params: {};
    query: {
      limit?: number;
    };
    body: never;
    response: {
      items: {
        customerId: string;
        name: string;
        grade: string | null;
        nextReviewDate: string;
      }[];
    };
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
    response: {
      id: string;
      name: string;
      roles: string[];
    };
  };
  /** Change my own preferences (language of mail and the console). */
  'PATCH /api/v1/me': {
    params: {};
    query: {};
    body: {
      language: ("en" | "zh-CN") | null;
    };
    response: {
      id: string;
      name: string;
      email: string | null;
      roles: string[];
      active: boolean;
      /** For mail and the console; null: the default */
      language: ("en" | "zh-CN") | null;
      createdAt: string;
    };
  };
  /** Enabled plugins, entity types, roles and enum labels (en, zh-CN). */
  'GET /api/v1/meta': {
    params: {};
    query: {};
    body: never;
    response: {
      kernel: {
        version: string;
        database: "sqlite" | "postgres";
      };
      plugins: {
        name: string;
        version: string;
        description: string | null;
      }[];
      entityTypes: Record<string, {
          plugin: string;
          labels: {
            en: string;
            "zh-CN": string;
          };
        }>;
      /** Names accepted by `include` on customer reads */
      facets: string[];
      roles: {
        name: string;
        plugin: string;
        labels: {
          en: string;
          "zh-CN": string;
        };
      }[];
      permissions: {
        name: string;
        description: string;
        plugin: string;
        /** Roles holding it, admin first */
        roles: string[];
      }[];
      /** Labels of enum values by enum name, then value */
      enums: Record<string, Record<string, {
            en: string;
            "zh-CN": string;
          }>>;
    };
  };
  /** My inbox, newest first. */
  'GET /api/v1/notifications': {
    params: {};
    query: {
      unread?: "true" | "false";
      limit?: number;
      cursor?: string;
    };
    body: never;
    response: {
      items: {
        id: string;
        userId: string;
        /** `activity.assigned`, `activity.escalated` or a subscribed event name */
        kind: string;
        title: string;
        body: string | null;
        activityId: string | null;
        customerId: string | null;
        data: Record<string, unknown> | null;
        createdAt: string;
        readAt: string | null;
      }[];
      nextCursor: string | null;
    };
  };
  /** How many unread notifications I have. */
  'GET /api/v1/notifications/counts': {
    params: {};
    query: {};
    body: never;
    response: {
      unread: number;
    };
  };
  /** Events I may subscribe to, with their labels. */
  'GET /api/v1/notifications/events': {
    params: {};
    query: {};
    body: never;
    response: {
      items: {
        event: string;
        plugin: string;
        labels: {
          en: string;
          "zh-CN": string;
        };
      }[];
    };
  };
  /** Mark all my notifications read. */
  'POST /api/v1/notifications/read-all': {
    params: {};
    query: {};
    body: never;
    response: {
      marked: number;
    };
  };
  /** My event subscriptions. */
  'GET /api/v1/notifications/subscriptions': {
    params: {};
    query: {};
    body: never;
    response: {
      items: {
        event: string;
        /** mine: customers I own; all: any customer I may see */
        scope: "mine" | "all";
        createdAt: string;
      }[];
    };
  };
  /** Subscribe to an event (mine: my customers; all: every customer I may see). */
  'PUT /api/v1/notifications/subscriptions/{event}': {
    params: {
      event: string;
    };
    query: {};
    body: {
      scope?: "mine" | "all";
    };
    response: {
      event: string;
      /** mine: customers I own; all: any customer I may see */
      scope: "mine" | "all";
      createdAt: string;
    };
  };
  /** Unsubscribe from an event. */
  'DELETE /api/v1/notifications/subscriptions/{event}': {
    params: {
      event: string;
    };
    query: {};
    body: never;
    response: void;
  };
  /** Mark one notification read. */
  'POST /api/v1/notifications/{id}/read': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: {
      id: string;
      userId: string;
      /** `activity.assigned`, `activity.escalated` or a subscribed event name */
      kind: string;
      title: string;
      body: string | null;
      activityId: string | null;
      customerId: string | null;
      data: Record<string, unknown> | null;
      createdAt: string;
      readAt: string | null;
    };
  };
  /** Recompute the maintained ageing cells and customer balances from the invoices. Permission: `receivables.admin`. */
  'POST /api/v1/receivables/admin/rebuild-balances': {
    params: {};
    query: {};
    body: never;
    response: {
      /** Ageing cells at day level */
      cells: number;
      /** Customer balance rows */
      balances: number;
    };
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
    response: {
      asOf: string;
      buckets: {
        /** `not_due`, `1-30`, …, `>90` */
        key: string;
        fromDays: number | null;
        /** null for the last, open-ended bucket */
        toDays: number | null;
      }[];
      /** Per currency; the buckets of each add up to its outstanding */
      totals: {
        currency: string;
        outstanding: number;
        invoices: number;
        /** Outstanding by bucket key */
        buckets: Record<string, number>;
      }[];
      byResponsible: {
        currency: string;
        outstanding: number;
        invoices: number;
        /** Outstanding by bucket key */
        buckets: Record<string, number>;
        responsibleId: string | null;
      }[];
      /** Per currency, the customers with the largest balance in the oldest bucket */
      top: {
        bucket: string;
        customers: {
          customerId: string;
          currency: string;
          /** Outstanding in the oldest bucket */
          amount: number;
          outstanding: number;
        }[];
      };
      /** `maintained`: read from the balances kept by the writes; `scanned`: computed from invoices */
      source: "maintained" | "scanned";
    };
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
    response: {
      items: {
        currency: string;
        outstanding: number;
        invoices: number;
        /** Outstanding by bucket key */
        buckets: Record<string, number>;
        customerId: string;
        code: string | null;
        name: string | null;
      }[];
      /** Pass as `cursor` for the next page; null on the last page */
      nextCursor: string | null;
      asOf: string;
      buckets: {
        /** `not_due`, `1-30`, …, `>90` */
        key: string;
        fromDays: number | null;
        /** null for the last, open-ended bucket */
        toDays: number | null;
      }[];
    };
  };
  /** The full ageing per customer as CSV, streamed chunk by chunk so other requests keep being served. Permission: `receivables.ageing.read`. */
  'GET /api/v1/receivables/ageing/export.csv': {
    params: {};
    query: {
      asOf?: string;
      buckets?: string;
    };
    body: never;
    response: string;
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
    response: {
      items: {
        id: string;
        number: string;
        invoiceId: string;
        customerId: string;
        currency: string;
        amount: number;
        kind: "return" | "discount" | "compensation" | "other";
        reason: string;
        date: string;
        createdBy: string | null;
        createdAt: string;
      }[];
      /** Pass as `cursor` for the next page; null on the last page */
      nextCursor: string | null;
    };
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
    response: {
      id: string;
      number: string;
      invoiceId: string;
      customerId: string;
      currency: string;
      amount: number;
      kind: "return" | "discount" | "compensation" | "other";
      reason: string;
      date: string;
      createdBy: string | null;
      createdAt: string;
    };
  };
  /** May a delivery go out to this customer? (严控问题渠道发货). Permission: `receivables.read`. */
  'GET /api/v1/receivables/customers/{customerId}/delivery-check': {
    params: {
      customerId: string;
    };
    query: {};
    body: never;
    response: {
      customerId: string;
      /** A delivery may go out now */
      allowed: boolean;
      reasons: {
        code: "unpaid_over_two_months";
        detail: string;
      }[];
      /** Invoices unpaid more than two months after their due date, oldest first */
      blockingInvoices: {
        invoiceId: string;
        number: string;
        dueDate: string;
        daysOverdue: number;
        outstanding: number;
        currency: string;
      }[];
      /** The company date the answer is for */
      checkedOn: string;
    };
  };
  /** A customer's standing: overdue, oldest overdue days, unpaid over two months, stale disputes. Permission: `receivables.read`. */
  'GET /api/v1/receivables/customers/{customerId}/standing': {
    params: {
      customerId: string;
    };
    query: {};
    body: never;
    response: {
      customerId: string;
      balances: {
        currency: string;
        outstanding: number;
        /** The part of `outstanding` that is past due */
        overdue: number;
        /** Unallocated payments held for the customer */
        creditBalance: number;
      }[];
      hasOverdue: boolean;
      oldestOverdueDays: number;
      /** Anything unpaid more than two months after its due date */
      unpaidOverTwoMonths: boolean;
      disputesOpenOverTwoMonths: number;
      /** No further deliveries (anything unpaid for over two months) */
      deliveryBlocked: boolean;
    };
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
    response: {
      items: {
        id: string;
        statementId: string;
        customerId: string;
        currency: string;
        amount: number;
        kind: "fee" | "return" | "price" | "payment" | "other";
        reason: string;
        status: "open" | "resolved";
        openedOn: string;
        resolvedAt: string | null;
        resolvedBy: string | null;
        resolution: string | null;
        openOverTwoMonths: boolean;
      }[];
      /** Pass as `cursor` for the next page; null on the last page */
      nextCursor: string | null;
    };
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
    response: {
      id: string;
      statementId: string;
      customerId: string;
      currency: string;
      amount: number;
      kind: "fee" | "return" | "price" | "payment" | "other";
      reason: string;
      status: "open" | "resolved";
      openedOn: string;
      resolvedAt: string | null;
      resolvedBy: string | null;
      resolution: string | null;
      openOverTwoMonths: boolean;
    };
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
    response: {
      items: {
        id: string;
        invoiceId: string;
        customerId: string;
        previousDueDate: string;
        requestedDueDate: string;
        reason: string;
        status: "pending" | "approved" | "rejected" | "withdrawn";
        requestedBy: string | null;
        requestedAt: string;
        decidedBy: string | null;
        decidedAt: string | null;
        decisionNote: string | null;
      }[];
      /** Pass as `cursor` for the next page; null on the last page */
      nextCursor: string | null;
    };
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
    response: {
      id: string;
      invoiceId: string;
      customerId: string;
      previousDueDate: string;
      requestedDueDate: string;
      reason: string;
      status: "pending" | "approved" | "rejected" | "withdrawn";
      requestedBy: string | null;
      requestedAt: string;
      decidedBy: string | null;
      decidedAt: string | null;
      decisionNote: string | null;
    };
  };
  /** Approve: the due date moves (audited). Permission: `receivables.extensions.decide`. */
  'POST /api/v1/receivables/extensions/{id}/approve': {
    params: {
      id: string;
    };
    query: {};
    body: {
      note?: string;
      aboveCeiling?: boolean;
    };
    response: {
      id: string;
      invoiceId: string;
      customerId: string;
      previousDueDate: string;
      requestedDueDate: string;
      reason: string;
      status: "pending" | "approved" | "rejected" | "withdrawn";
      requestedBy: string | null;
      requestedAt: string;
      decidedBy: string | null;
      decidedAt: string | null;
      decisionNote: string | null;
    };
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
    response: {
      id: string;
      invoiceId: string;
      customerId: string;
      previousDueDate: string;
      requestedDueDate: string;
      reason: string;
      status: "pending" | "approved" | "rejected" | "withdrawn";
      requestedBy: string | null;
      requestedAt: string;
      decidedBy: string | null;
      decidedAt: string | null;
      decisionNote: string | null;
    };
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
    response: {
      items: {
        id: string;
        customerId: string;
        fromId: string | null;
        toId: string | null;
        date: string;
        source: "owner_change" | "request";
        reason: string;
        /** What was handed over, per currency: balances the customer had confirmed */
        balances: {
          currency: string;
          outstanding: number;
          overdue: number;
          invoices: number;
        }[];
        /** What stayed with the predecessor, per currency: not yet confirmed by the customer */
        unconfirmedBalances: {
          currency: string;
          outstanding: number;
          overdue: number;
          invoices: number;
        }[];
        createdBy: string | null;
        createdAt: string;
      }[];
      /** Pass as `cursor` for the next page; null on the last page */
      nextCursor: string | null;
    };
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
    response: {
      id: string;
      customerId: string;
      fromId: string | null;
      toId: string | null;
      date: string;
      source: "owner_change" | "request";
      reason: string;
      /** What was handed over, per currency: balances the customer had confirmed */
      balances: {
        currency: string;
        outstanding: number;
        overdue: number;
        invoices: number;
      }[];
      /** What stayed with the predecessor, per currency: not yet confirmed by the customer */
      unconfirmedBalances: {
        currency: string;
        outstanding: number;
        overdue: number;
        invoices: number;
      }[];
      createdBy: string | null;
      createdAt: string;
    };
  };
  /** A handover with the bad debts written off within 90 days after it, charged to the predecessor. Permission: `receivables.read`. */
  'GET /api/v1/receivables/handovers/{id}': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: {
      id: string;
      customerId: string;
      fromId: string | null;
      toId: string | null;
      date: string;
      source: "owner_change" | "request";
      reason: string;
      /** What was handed over, per currency: balances the customer had confirmed */
      balances: {
        currency: string;
        outstanding: number;
        overdue: number;
        invoices: number;
      }[];
      /** What stayed with the predecessor, per currency: not yet confirmed by the customer */
      unconfirmedBalances: {
        currency: string;
        outstanding: number;
        overdue: number;
        invoices: number;
      }[];
      createdBy: string | null;
      createdAt: string;
      /** The invoices handed over, with what they owed then */
      invoices: {
        invoiceId: string;
        currency: string;
        outstanding: number;
      }[];
      writeOffsChargedToPredecessor: {
        id: string;
        invoiceId: string;
        customerId: string;
        currency: string;
        amount: number;
        reason: string;
        status: "pending" | "approved" | "rejected" | "withdrawn";
        requestedBy: string | null;
        requestedAt: string;
        decidedBy: string | null;
        decidedAt: string | null;
        decisionNote: string | null;
        /** The handover this bad debt fell within */
        handoverId: string | null;
        /** When the bad debt was discovered: the day the write-off was requested */
        discoveredOn: string;
        /** The predecessor the bad debt is charged to (应收账款移交) */
        chargedToId: string | null;
      }[];
    };
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
    response: {
      items: {
        id: string;
        number: string;
        customerId: string;
        issueDate: string;
        /** Days of credit (账期) */
        termDays: number;
        dueDate: string;
        currency: string;
        lines: {
          description: string;
          quantity: number;
          /** Minor units (分/cents) per unit */
          unitPrice: number;
          /** quantity × unitPrice, rounded half-up */
          amount: number;
        }[];
        /** Minor units: the sum of the lines */
        total: number;
        paidAmount: number;
        creditedAmount: number;
        writtenOffAmount: number;
        /** total − paid − credited − written off */
        outstanding: number;
        status: "open" | "partially_paid" | "paid" | "written_off" | "cancelled";
        responsibleId: string | null;
        /** The customer's order or contract reference */
        reference: string | null;
        /** The invoice (of a closed period) this one corrects */
        correctionOf: string | null;
        /** The first day the invoice was found overdue */
        overdueSince: string | null;
        /** A credit exception (credit plugin) this invoice used */
        creditOverrideId: string | null;
        cancelledAt: string | null;
        cancelReason: string | null;
        createdBy: string | null;
        createdAt: string;
        updatedAt: string;
        version: number;
      }[];
      /** Pass as `cursor` for the next page; null on the last page */
      nextCursor: string | null;
    };
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
      correctionOf?: string | null;
      creditOverrideId?: string | null;
    };
    response: {
      id: string;
      number: string;
      customerId: string;
      issueDate: string;
      /** Days of credit (账期) */
      termDays: number;
      dueDate: string;
      currency: string;
      lines: {
        description: string;
        quantity: number;
        /** Minor units (分/cents) per unit */
        unitPrice: number;
        /** quantity × unitPrice, rounded half-up */
        amount: number;
      }[];
      /** Minor units: the sum of the lines */
      total: number;
      paidAmount: number;
      creditedAmount: number;
      writtenOffAmount: number;
      /** total − paid − credited − written off */
      outstanding: number;
      status: "open" | "partially_paid" | "paid" | "written_off" | "cancelled";
      responsibleId: string | null;
      /** The customer's order or contract reference */
      reference: string | null;
      /** The invoice (of a closed period) this one corrects */
      correctionOf: string | null;
      /** The first day the invoice was found overdue */
      overdueSince: string | null;
      /** A credit exception (credit plugin) this invoice used */
      creditOverrideId: string | null;
      cancelledAt: string | null;
      cancelReason: string | null;
      createdBy: string | null;
      createdAt: string;
      updatedAt: string;
      version: number;
    };
  };
  /** One invoice with its payments, credit notes, write-offs and extensions. Permission: `receivables.read`. */
  'GET /api/v1/receivables/invoices/{id}': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: {
      id: string;
      number: string;
      customerId: string;
      issueDate: string;
      /** Days of credit (账期) */
      termDays: number;
      dueDate: string;
      currency: string;
      lines: {
        description: string;
        quantity: number;
        /** Minor units (分/cents) per unit */
        unitPrice: number;
        /** quantity × unitPrice, rounded half-up */
        amount: number;
      }[];
      /** Minor units: the sum of the lines */
      total: number;
      paidAmount: number;
      creditedAmount: number;
      writtenOffAmount: number;
      /** total − paid − credited − written off */
      outstanding: number;
      status: "open" | "partially_paid" | "paid" | "written_off" | "cancelled";
      responsibleId: string | null;
      /** The customer's order or contract reference */
      reference: string | null;
      /** The invoice (of a closed period) this one corrects */
      correctionOf: string | null;
      /** The first day the invoice was found overdue */
      overdueSince: string | null;
      /** A credit exception (credit plugin) this invoice used */
      creditOverrideId: string | null;
      cancelledAt: string | null;
      cancelReason: string | null;
      createdBy: string | null;
      createdAt: string;
      updatedAt: string;
      version: number;
      allocations: {
        id: string;
        paymentId: string;
        paymentNumber: string;
        amount: number;
        appliedOn: string;
        reversedOn: string | null;
      }[];
      creditNotes: {
        id: string;
        number: string;
        amount: number;
        kind: "return" | "discount" | "compensation" | "other";
        reason: string;
        issuedOn: string;
      }[];
      writeOffs: {
        id: string;
        amount: number;
        status: "pending" | "approved" | "rejected" | "withdrawn";
        reason: string;
      }[];
      extensions: {
        id: string;
        from: string;
        to: string;
        status: "pending" | "approved" | "rejected" | "withdrawn";
      }[];
    };
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
    response: {
      id: string;
      number: string;
      customerId: string;
      issueDate: string;
      /** Days of credit (账期) */
      termDays: number;
      dueDate: string;
      currency: string;
      lines: {
        description: string;
        quantity: number;
        /** Minor units (分/cents) per unit */
        unitPrice: number;
        /** quantity × unitPrice, rounded half-up */
        amount: number;
      }[];
      /** Minor units: the sum of the lines */
      total: number;
      paidAmount: number;
      creditedAmount: number;
      writtenOffAmount: number;
      /** total − paid − credited − written off */
      outstanding: number;
      status: "open" | "partially_paid" | "paid" | "written_off" | "cancelled";
      responsibleId: string | null;
      /** The customer's order or contract reference */
      reference: string | null;
      /** The invoice (of a closed period) this one corrects */
      correctionOf: string | null;
      /** The first day the invoice was found overdue */
      overdueSince: string | null;
      /** A credit exception (credit plugin) this invoice used */
      creditOverrideId: string | null;
      cancelledAt: string | null;
      cancelReason: string | null;
      createdBy: string | null;
      createdAt: string;
      updatedAt: string;
      version: number;
    };
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
    response: {
      items: {
        id: string;
        number: string;
        customerId: string;
        amount: number;
        currency: string;
        /** The day the money was received */
        date: string;
        method: "bank_transfer" | "cash" | "cheque" | "acceptance_bill" | "card" | "other";
        reference: string | null;
        /** Not allocated to invoices: the customer's credit balance */
        unallocated: number;
        status: "recorded" | "reversed";
        allocations: {
          id: string;
          invoiceId: string;
          amount: number;
          appliedOn: string;
          reversedOn: string | null;
        }[];
        reversedOn: string | null;
        reversalReason: string | null;
        createdBy: string | null;
        createdAt: string;
      }[];
      /** Pass as `cursor` for the next page; null on the last page */
      nextCursor: string | null;
    };
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
    response: {
      id: string;
      number: string;
      customerId: string;
      amount: number;
      currency: string;
      /** The day the money was received */
      date: string;
      method: "bank_transfer" | "cash" | "cheque" | "acceptance_bill" | "card" | "other";
      reference: string | null;
      /** Not allocated to invoices: the customer's credit balance */
      unallocated: number;
      status: "recorded" | "reversed";
      allocations: {
        id: string;
        invoiceId: string;
        amount: number;
        appliedOn: string;
        reversedOn: string | null;
      }[];
      reversedOn: string | null;
      reversalReason: string | null;
      createdBy: string | null;
      createdAt: string;
    };
  };
  /** One payment with its allocations. Permission: `receivables.read`. */
  'GET /api/v1/receivables/payments/{id}': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: {
      id: string;
      number: string;
      customerId: string;
      amount: number;
      currency: string;
      /** The day the money was received */
      date: string;
      method: "bank_transfer" | "cash" | "cheque" | "acceptance_bill" | "card" | "other";
      reference: string | null;
      /** Not allocated to invoices: the customer's credit balance */
      unallocated: number;
      status: "recorded" | "reversed";
      allocations: {
        id: string;
        invoiceId: string;
        amount: number;
        appliedOn: string;
        reversedOn: string | null;
      }[];
      reversedOn: string | null;
      reversalReason: string | null;
      createdBy: string | null;
      createdAt: string;
    };
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
    response: {
      id: string;
      number: string;
      customerId: string;
      amount: number;
      currency: string;
      /** The day the money was received */
      date: string;
      method: "bank_transfer" | "cash" | "cheque" | "acceptance_bill" | "card" | "other";
      reference: string | null;
      /** Not allocated to invoices: the customer's credit balance */
      unallocated: number;
      status: "recorded" | "reversed";
      allocations: {
        id: string;
        invoiceId: string;
        amount: number;
        appliedOn: string;
        reversedOn: string | null;
      }[];
      reversedOn: string | null;
      reversalReason: string | null;
      createdBy: string | null;
      createdAt: string;
    };
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
    response: {
      id: string;
      number: string;
      customerId: string;
      amount: number;
      currency: string;
      /** The day the money was received */
      date: string;
      method: "bank_transfer" | "cash" | "cheque" | "acceptance_bill" | "card" | "other";
      reference: string | null;
      /** Not allocated to invoices: the customer's credit balance */
      unallocated: number;
      status: "recorded" | "reversed";
      allocations: {
        id: string;
        invoiceId: string;
        amount: number;
        appliedOn: string;
        reversedOn: string | null;
      }[];
      reversedOn: string | null;
      reversalReason: string | null;
      createdBy: string | null;
      createdAt: string;
    };
  };
  /** Months finance closed for every customer (月结), newest first. Permission: `receivables.read`. */
  'GET /api/v1/receivables/periods': {
    params: {};
    query: {};
    body: never;
    response: {
      items: {
        period: string;
        reason: string;
        closedBy: string | null;
        closedAt: string;
      }[];
    };
  };
  /** Close a month, and every month before it, for every customer. Permission: `receivables.periods.close`. */
  'POST /api/v1/receivables/periods/{period}/close': {
    params: {
      period: string;
    };
    query: {};
    body: {
      reason: string;
    };
    response: {
      period: string;
      reason: string;
      closedBy: string | null;
      closedAt: string;
    };
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
    response: {
      items: {
        id: string;
        customerId: string;
        currency: string;
        total: number;
        reason: string;
        status: "active" | "completed" | "broken" | "cancelled";
        startsOn: string;
        /** Payments recorded since the plan started, counted against the instalments in order */
        paidSoFar: number;
        instalments: {
          id: string;
          seq: number;
          dueDate: string;
          amount: number;
          status: "pending" | "paid" | "missed";
          settledAt: string | null;
        }[];
        createdBy: string | null;
        createdAt: string;
        closedAt: string | null;
      }[];
      /** Pass as `cursor` for the next page; null on the last page */
      nextCursor: string | null;
    };
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
    response: {
      id: string;
      customerId: string;
      currency: string;
      total: number;
      reason: string;
      status: "active" | "completed" | "broken" | "cancelled";
      startsOn: string;
      /** Payments recorded since the plan started, counted against the instalments in order */
      paidSoFar: number;
      instalments: {
        id: string;
        seq: number;
        dueDate: string;
        amount: number;
        status: "pending" | "paid" | "missed";
        settledAt: string | null;
      }[];
      createdBy: string | null;
      createdAt: string;
      closedAt: string | null;
    };
  };
  /** One repayment plan. Permission: `receivables.read`. */
  'GET /api/v1/receivables/plans/{id}': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: {
      id: string;
      customerId: string;
      currency: string;
      total: number;
      reason: string;
      status: "active" | "completed" | "broken" | "cancelled";
      startsOn: string;
      /** Payments recorded since the plan started, counted against the instalments in order */
      paidSoFar: number;
      instalments: {
        id: string;
        seq: number;
        dueDate: string;
        amount: number;
        status: "pending" | "paid" | "missed";
        settledAt: string | null;
      }[];
      createdBy: string | null;
      createdAt: string;
      closedAt: string | null;
    };
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
    response: {
      id: string;
      customerId: string;
      currency: string;
      total: number;
      reason: string;
      status: "active" | "completed" | "broken" | "cancelled";
      startsOn: string;
      /** Payments recorded since the plan started, counted against the instalments in order */
      paidSoFar: number;
      instalments: {
        id: string;
        seq: number;
        dueDate: string;
        amount: number;
        status: "pending" | "paid" | "missed";
        settledAt: string | null;
      }[];
      createdBy: string | null;
      createdAt: string;
      closedAt: string | null;
    };
  };
  /** The customer views a statement through the link (no login). Public. */
  'GET /api/v1/receivables/public/statements/{token}': {
    params: {
      token: string;
    };
    query: {};
    body: never;
    response: {
      customer: {
        name: string | null;
        code: string | null;
      };
      period: string;
      currency: string;
      opening: number;
      invoiced: number;
      paid: number;
      credited: number;
      writtenOff: number;
      closing: number;
      lines: {
        date: string;
        kind: "invoice" | "cancellation" | "payment" | "payment_reversal" | "credit_note" | "write_off";
        reference: string;
        description: string;
        /** Negative amounts reduce what the customer owes */
        amount: number;
      }[];
      status: "draft" | "sent" | "confirmed" | "disputed";
    };
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
    response: {
      status: "draft" | "sent" | "confirmed" | "disputed";
      period: string;
      currency: string;
      closing: number;
      disputeItems: {
        amount: number;
        kind: "fee" | "return" | "price" | "payment" | "other";
        reason: string;
      }[];
    };
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
    response: {
      status: "draft" | "sent" | "confirmed" | "disputed";
      period: string;
      currency: string;
      closing: number;
      disputeItems: {
        amount: number;
        kind: "fee" | "return" | "price" | "payment" | "other";
        reason: string;
      }[];
    };
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
    response: {
      items: {
        id: string;
        customerId: string;
        period: string;
        currency: string;
        opening: number;
        invoiced: number;
        paid: number;
        credited: number;
        writtenOff: number;
        closing: number;
        lines: {
          date: string;
          kind: "invoice" | "cancellation" | "payment" | "payment_reversal" | "credit_note" | "write_off";
          reference: string;
          description: string;
          /** Negative amounts reduce what the customer owes */
          amount: number;
        }[];
        status: "draft" | "sent" | "confirmed" | "disputed";
        generatedAt: string;
        sentAt: string | null;
        confirmedAt: string | null;
        confirmedBy: string | null;
        confirmedVia: ("staff" | "link") | null;
        signedBy: string | null;
        disputedAt: string | null;
        disputeItems: {
          id: string;
          statementId: string;
          customerId: string;
          currency: string;
          amount: number;
          kind: "fee" | "return" | "price" | "payment" | "other";
          reason: string;
          status: "open" | "resolved";
          openedOn: string;
          resolvedAt: string | null;
          resolvedBy: string | null;
          resolution: string | null;
          openOverTwoMonths: boolean;
        }[];
        /** Any dispute item open for more than two months */
        hasStaleDisputes: boolean;
        version: number;
      }[];
      /** Pass as `cursor` for the next page; null on the last page */
      nextCursor: string | null;
    };
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
    response: {
      /** One per currency; none when the account had neither a balance nor a movement */
      items: {
        id: string;
        customerId: string;
        period: string;
        currency: string;
        opening: number;
        invoiced: number;
        paid: number;
        credited: number;
        writtenOff: number;
        closing: number;
        lines: {
          date: string;
          kind: "invoice" | "cancellation" | "payment" | "payment_reversal" | "credit_note" | "write_off";
          reference: string;
          description: string;
          /** Negative amounts reduce what the customer owes */
          amount: number;
        }[];
        status: "draft" | "sent" | "confirmed" | "disputed";
        generatedAt: string;
        sentAt: string | null;
        confirmedAt: string | null;
        confirmedBy: string | null;
        confirmedVia: ("staff" | "link") | null;
        signedBy: string | null;
        disputedAt: string | null;
        disputeItems: {
          id: string;
          statementId: string;
          customerId: string;
          currency: string;
          amount: number;
          kind: "fee" | "return" | "price" | "payment" | "other";
          reason: string;
          status: "open" | "resolved";
          openedOn: string;
          resolvedAt: string | null;
          resolvedBy: string | null;
          resolution: string | null;
          openOverTwoMonths: boolean;
        }[];
        /** Any dispute item open for more than two months */
        hasStaleDisputes: boolean;
        version: number;
      }[];
    };
  };
  /** One statement with its movements and dispute items. Permission: `receivables.read`. */
  'GET /api/v1/receivables/statements/{id}': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: {
      id: string;
      customerId: string;
      period: string;
      currency: string;
      opening: number;
      invoiced: number;
      paid: number;
      credited: number;
      writtenOff: number;
      closing: number;
      lines: {
        date: string;
        kind: "invoice" | "cancellation" | "payment" | "payment_reversal" | "credit_note" | "write_off";
        reference: string;
        description: string;
        /** Negative amounts reduce what the customer owes */
        amount: number;
      }[];
      status: "draft" | "sent" | "confirmed" | "disputed";
      generatedAt: string;
      sentAt: string | null;
      confirmedAt: string | null;
      confirmedBy: string | null;
      confirmedVia: ("staff" | "link") | null;
      signedBy: string | null;
      disputedAt: string | null;
      disputeItems: {
        id: string;
        statementId: string;
        customerId: string;
        currency: string;
        amount: number;
        kind: "fee" | "return" | "price" | "payment" | "other";
        reason: string;
        status: "open" | "resolved";
        openedOn: string;
        resolvedAt: string | null;
        resolvedBy: string | null;
        resolution: string | null;
        openOverTwoMonths: boolean;
      }[];
      /** Any dispute item open for more than two months */
      hasStaleDisputes: boolean;
      version: number;
    };
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
    response: {
      id: string;
      customerId: string;
      period: string;
      currency: string;
      opening: number;
      invoiced: number;
      paid: number;
      credited: number;
      writtenOff: number;
      closing: number;
      lines: {
        date: string;
        kind: "invoice" | "cancellation" | "payment" | "payment_reversal" | "credit_note" | "write_off";
        reference: string;
        description: string;
        /** Negative amounts reduce what the customer owes */
        amount: number;
      }[];
      status: "draft" | "sent" | "confirmed" | "disputed";
      generatedAt: string;
      sentAt: string | null;
      confirmedAt: string | null;
      confirmedBy: string | null;
      confirmedVia: ("staff" | "link") | null;
      signedBy: string | null;
      disputedAt: string | null;
      disputeItems: {
        id: string;
        statementId: string;
        customerId: string;
        currency: string;
        amount: number;
        kind: "fee" | "return" | "price" | "payment" | "other";
        reason: string;
        status: "open" | "resolved";
        openedOn: string;
        resolvedAt: string | null;
        resolvedBy: string | null;
        resolution: string | null;
        openOverTwoMonths: boolean;
      }[];
      /** Any dispute item open for more than two months */
      hasStaleDisputes: boolean;
      version: number;
    };
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
    response: {
      id: string;
      customerId: string;
      period: string;
      currency: string;
      opening: number;
      invoiced: number;
      paid: number;
      credited: number;
      writtenOff: number;
      closing: number;
      lines: {
        date: string;
        kind: "invoice" | "cancellation" | "payment" | "payment_reversal" | "credit_note" | "write_off";
        reference: string;
        description: string;
        /** Negative amounts reduce what the customer owes */
        amount: number;
      }[];
      status: "draft" | "sent" | "confirmed" | "disputed";
      generatedAt: string;
      sentAt: string | null;
      confirmedAt: string | null;
      confirmedBy: string | null;
      confirmedVia: ("staff" | "link") | null;
      signedBy: string | null;
      disputedAt: string | null;
      disputeItems: {
        id: string;
        statementId: string;
        customerId: string;
        currency: string;
        amount: number;
        kind: "fee" | "return" | "price" | "payment" | "other";
        reason: string;
        status: "open" | "resolved";
        openedOn: string;
        resolvedAt: string | null;
        resolvedBy: string | null;
        resolution: string | null;
        openOverTwoMonths: boolean;
      }[];
      /** Any dispute item open for more than two months */
      hasStaleDisputes: boolean;
      version: number;
    };
  };
  /** A statement as CSV. Permission: `receivables.read`. */
  'GET /api/v1/receivables/statements/{id}/export.csv': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: string;
  };
  /** Mark as sent and issue a single-use confirmation link for the customer (shown once). Permission: `receivables.statements.write`. */
  'POST /api/v1/receivables/statements/{id}/send': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: {
      statement: {
        id: string;
        customerId: string;
        period: string;
        currency: string;
        opening: number;
        invoiced: number;
        paid: number;
        credited: number;
        writtenOff: number;
        closing: number;
        lines: {
          date: string;
          kind: "invoice" | "cancellation" | "payment" | "payment_reversal" | "credit_note" | "write_off";
          reference: string;
          description: string;
          /** Negative amounts reduce what the customer owes */
          amount: number;
        }[];
        status: "draft" | "sent" | "confirmed" | "disputed";
        generatedAt: string;
        sentAt: string | null;
        confirmedAt: string | null;
        confirmedBy: string | null;
        confirmedVia: ("staff" | "link") | null;
        signedBy: string | null;
        disputedAt: string | null;
        disputeItems: {
          id: string;
          statementId: string;
          customerId: string;
          currency: string;
          amount: number;
          kind: "fee" | "return" | "price" | "payment" | "other";
          reason: string;
          status: "open" | "resolved";
          openedOn: string;
          resolvedAt: string | null;
          resolvedBy: string | null;
          resolution: string | null;
          openOverTwoMonths: boolean;
        }[];
        /** Any dispute item open for more than two months */
        hasStaleDisputes: boolean;
        version: number;
      };
      /** Shown once: only its hash is stored */
      confirmationToken: string;
      /** The customer's no-login link, under the API's base URL */
      confirmationPath: string;
      expiresAt: string;
    };
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
    response: {
      items: {
        id: string;
        invoiceId: string;
        invoiceNumber: string;
        customerId: string;
        period: string;
        responsibleId: string | null;
        dueDate: string;
        outstanding: number;
        currency: string;
        raisedAt: string;
        /** Answer by this day (the end of its month) */
        answerBy: string;
        answered: boolean;
        answeredAt: string | null;
        answeredBy: string | null;
        reason: string | null;
        measures: string | null;
        expectedPaymentDate: string | null;
      }[];
      /** Pass as `cursor` for the next page; null on the last page */
      nextCursor: string | null;
    };
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
    response: {
      id: string;
      invoiceId: string;
      invoiceNumber?: string;
      customerId: string;
      period: string;
      responsibleId: string | null;
      dueDate: string;
      outstanding: number;
      currency: string;
      raisedAt: string;
      /** Answer by this day (the end of its month) */
      answerBy: string;
      answered: boolean;
      answeredAt: string | null;
      answeredBy: string | null;
      reason: string | null;
      measures: string | null;
      expectedPaymentDate: string | null;
    };
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
    response: {
      items: {
        id: string;
        invoiceId: string;
        customerId: string;
        currency: string;
        amount: number;
        reason: string;
        status: "pending" | "approved" | "rejected" | "withdrawn";
        requestedBy: string | null;
        requestedAt: string;
        decidedBy: string | null;
        decidedAt: string | null;
        decisionNote: string | null;
        /** The handover this bad debt fell within */
        handoverId: string | null;
        /** When the bad debt was discovered: the day the write-off was requested */
        discoveredOn: string;
        /** The predecessor the bad debt is charged to (应收账款移交) */
        chargedToId: string | null;
      }[];
      /** Pass as `cursor` for the next page; null on the last page */
      nextCursor: string | null;
    };
  };
  /** Request a bad-debt write-off; it takes effect only when approved. Permission: `receivables.writeOffs.request`. */
  'POST /api/v1/receivables/write-offs': {
    params: {};
    query: {};
    body: {
      invoiceId: string;
      reason: string;
    };
    response: {
      id: string;
      invoiceId: string;
      customerId: string;
      currency: string;
      amount: number;
      reason: string;
      status: "pending" | "approved" | "rejected" | "withdrawn";
      requestedBy: string | null;
      requestedAt: string;
      decidedBy: string | null;
      decidedAt: string | null;
      decisionNote: string | null;
      /** The handover this bad debt fell within */
      handoverId: string | null;
      /** When the bad debt was discovered: the day the write-off was requested */
      discoveredOn: string;
      /** The predecessor the bad debt is charged to (应收账款移交) */
      chargedToId: string | null;
    };
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
    response: {
      id: string;
      invoiceId: string;
      customerId: string;
      currency: string;
      amount: number;
      reason: string;
      status: "pending" | "approved" | "rejected" | "withdrawn";
      requestedBy: string | null;
      requestedAt: string;
      decidedBy: string | null;
      decidedAt: string | null;
      decisionNote: string | null;
      /** The handover this bad debt fell within */
      handoverId: string | null;
      /** When the bad debt was discovered: the day the write-off was requested */
      discoveredOn: string;
      /** The predecessor the bad debt is charged to (应收账款移交) */
      chargedToId: string | null;
    };
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
    response: {
      id: string;
      invoiceId: string;
      customerId: string;
      currency: string;
      amount: number;
      reason: string;
      status: "pending" | "approved" | "rejected" | "withdrawn";
      requestedBy: string | null;
      requestedAt: string;
      decidedBy: string | null;
      decidedAt: string | null;
      decisionNote: string | null;
      /** The handover this bad debt fell within */
      handoverId: string | null;
      /** When the bad debt was discovered: the day the write-off was requested */
      discoveredOn: string;
      /** The predecessor the bad debt is charged to (应收账款移交) */
      chargedToId: string | null;
    };
  };
  /** AHP weights, λmax, CI and CR of a comparison matrix, without storing anything. Permission: `satisfaction.read`. */
  'POST /api/v1/satisfaction/ahp': {
    params: {};
    query: {};
    body: {
      matrix: number[][];
    };
    response: {
      weights: number[];
      lambdaMax: number;
      ci: number;
      cr: number | null;
      consistent: boolean;
      limit: number;
    };
  };
  /** Campaigns, newest first. Permission: `satisfaction.read`. */
  'GET /api/v1/satisfaction/campaigns': {
    params: {};
    query: {};
    body: never;
    response: {
      items: {
        id: string;
        name: string;
        questionnaireId: string;
        status: "draft" | "active" | "completed" | "closed";
        schedule: "once" | "quarterly" | "triggered";
        trigger: ("complaint_closed" | "complaint_replied") | null;
        target: {
          kinds?: ("individual" | "business" | "organization")[];
          regions?: string[];
          tags?: string[];
          ownerIds?: string[];
          tiers?: ("A" | "B" | "C" | "none")[];
          customerIds?: string[];
        };
        contacts: {
          rule: "primary";
        } | {
          rule: "all";
        } | {
          rule: "titles";
          titles: string[];
        };
        language: "zh-CN" | "en";
        lastRun: string | null;
        createdAt: string;
        completedAt: string | null;
      }[];
    };
  };
  /** Create a campaign (a draft): questionnaire, customer target, contact rule, schedule or trigger, language. Permission: `satisfaction.campaigns.write`. */
  'POST /api/v1/satisfaction/campaigns': {
    params: {};
    query: {};
    body: {
      name: string;
      questionnaireId: string;
      schedule?: "once" | "quarterly" | "triggered";
      trigger?: "complaint_closed" | "complaint_replied";
      target?: {
        kinds?: ("individual" | "business" | "organization")[];
        regions?: string[];
        tags?: string[];
        ownerIds?: string[];
        tiers?: ("A" | "B" | "C" | "none")[];
        customerIds?: string[];
      };
      contacts?: {
        rule: "primary";
      } | {
        rule: "all";
      } | {
        rule: "titles";
        titles: string[];
      };
      language?: "zh-CN" | "en";
    };
    response: {
      id: string;
      name: string;
      questionnaireId: string;
      status: "draft" | "active" | "completed" | "closed";
      schedule: "once" | "quarterly" | "triggered";
      trigger: ("complaint_closed" | "complaint_replied") | null;
      target: {
        kinds?: ("individual" | "business" | "organization")[];
        regions?: string[];
        tags?: string[];
        ownerIds?: string[];
        tiers?: ("A" | "B" | "C" | "none")[];
        customerIds?: string[];
      };
      contacts: {
        rule: "primary";
      } | {
        rule: "all";
      } | {
        rule: "titles";
        titles: string[];
      };
      language: "zh-CN" | "en";
      lastRun: string | null;
      createdAt: string;
      completedAt: string | null;
    };
  };
  /** A campaign. Permission: `satisfaction.read`. */
  'GET /api/v1/satisfaction/campaigns/{id}': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: {
      id: string;
      name: string;
      questionnaireId: string;
      status: "draft" | "active" | "completed" | "closed";
      schedule: "once" | "quarterly" | "triggered";
      trigger: ("complaint_closed" | "complaint_replied") | null;
      target: {
        kinds?: ("individual" | "business" | "organization")[];
        regions?: string[];
        tags?: string[];
        ownerIds?: string[];
        tiers?: ("A" | "B" | "C" | "none")[];
        customerIds?: string[];
      };
      contacts: {
        rule: "primary";
      } | {
        rule: "all";
      } | {
        rule: "titles";
        titles: string[];
      };
      language: "zh-CN" | "en";
      lastRun: string | null;
      createdAt: string;
      completedAt: string | null;
    };
  };
  /** Close a campaign: open invitations expire. Permission: `satisfaction.campaigns.write`. */
  'POST /api/v1/satisfaction/campaigns/{id}/close': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: {
      id: string;
      name: string;
      questionnaireId: string;
      status: "draft" | "active" | "completed" | "closed";
      schedule: "once" | "quarterly" | "triggered";
      trigger: ("complaint_closed" | "complaint_replied") | null;
      target: {
        kinds?: ("individual" | "business" | "organization")[];
        regions?: string[];
        tags?: string[];
        ownerIds?: string[];
        tiers?: ("A" | "B" | "C" | "none")[];
        customerIds?: string[];
      };
      contacts: {
        rule: "primary";
      } | {
        rule: "all";
      } | {
        rule: "titles";
        titles: string[];
      };
      language: "zh-CN" | "en";
      lastRun: string | null;
      createdAt: string;
      completedAt: string | null;
    };
  };
  /** Invitations of a campaign with their status (of customers the caller may see). Permission: `satisfaction.read`. */
  'GET /api/v1/satisfaction/campaigns/{id}/invitations': {
    params: {
      id: string;
    };
    query: {
      status?: "sent" | "opened" | "submitted" | "expired" | "opted_out";
      cursor?: string;
      limit?: number;
    };
    body: never;
    response: {
      items: {
        id: string;
        campaignId: string;
        customerId: string;
        contactId: string;
        complaintId: string | null;
        status: "sent" | "opened" | "submitted" | "expired" | "opted_out";
        lang: string;
        invitedAt: string;
        expiresAt: string;
        remindersSent: number;
        openedAt: string | null;
        submittedAt: string | null;
      }[];
      nextCursor: string | null;
    };
  };
  /** A campaign’s invitations by status, response rate and scores. Permission: `satisfaction.read`. */
  'GET /api/v1/satisfaction/campaigns/{id}/results': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: {
      campaignId: string;
      invitations: Record<string, number>;
      responseRate: number | null;
      scores: {
        responses: number;
        nps: {
          value: number | null;
          n: number;
        };
        csat: {
          value: number | null;
          n: number;
        };
        ces: {
          value: number | null;
          n: number;
          topTwoBox: number | null;
        };
        csi: {
          value: number | null;
          n: number;
        };
      };
    };
  };
  /** Start a draft campaign: a one-off or quarterly campaign invites its contacts now. Permission: `satisfaction.campaigns.write`. */
  'POST /api/v1/satisfaction/campaigns/{id}/start': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: {
      campaign: {
        id: string;
        name: string;
        questionnaireId: string;
        status: "draft" | "active" | "completed" | "closed";
        schedule: "once" | "quarterly" | "triggered";
        trigger: ("complaint_closed" | "complaint_replied") | null;
        target: {
          kinds?: ("individual" | "business" | "organization")[];
          regions?: string[];
          tags?: string[];
          ownerIds?: string[];
          tiers?: ("A" | "B" | "C" | "none")[];
          customerIds?: string[];
        };
        contacts: {
          rule: "primary";
        } | {
          rule: "all";
        } | {
          rule: "titles";
          titles: string[];
        };
        language: "zh-CN" | "en";
        lastRun: string | null;
        createdAt: string;
        completedAt: string | null;
      };
      run: {
        runKey: string;
        customers: number;
        invited: number;
        skipped: {
          doNotContact: number;
          optedOut: number;
          fatigue: number;
          noContact: number;
          alreadyInvited: number;
        };
      } | null;
    };
  };
  /** A customer’s submitted responses, newest first, with their scores. Permission: `satisfaction.read`. */
  'GET /api/v1/satisfaction/customers/{id}/responses': {
    params: {
      id: string;
    };
    query: {
      limit?: number;
    };
    body: never;
    response: {
      items: {
        id: string;
        campaignId: string;
        questionnaireId: string;
        systemId: string | null;
        customerId: string;
        contactId: string | null;
        status: "partial" | "submitted";
        submittedAt: string | null;
        csi: number | null;
        csat: number | null;
        nps: number | null;
        npsCategory: ("promoter" | "passive" | "detractor") | null;
        ces: number | null;
        lowScore: string[];
      }[];
    };
  };
  /** SERVQUAL gaps (perception − expectation) per item and dimension, overall unweighted and weighted. Permission: `satisfaction.read`. */
  'GET /api/v1/satisfaction/gaps': {
    params: {};
    query: {
      systemId: string;
      campaignId?: string;
      from?: string;
      to?: string;
    };
    body: never;
    response: {
      systemId: string;
      items: {
        indicatorId: string;
        dimensionId: string;
        gap: number;
        n: number;
      }[];
      dimensions: {
        dimensionId: string;
        gap: number;
        items: number;
        n: number;
      }[];
      overall: number | null;
      weighted: number | null;
      n: number;
    };
  };
  /** Indicator systems, every version, newest first within a system. Permission: `satisfaction.read`. */
  'GET /api/v1/satisfaction/indicator-systems': {
    params: {};
    query: {};
    body: never;
    response: {
      items: {
        id: string;
        familyId: string;
        version: number;
        name: string;
        status: "draft" | "published";
        createdAt: string;
        publishedAt: string | null;
      }[];
    };
  };
  /** Start an indicator system (version 1, a draft). Permission: `satisfaction.indicators.write`. */
  'POST /api/v1/satisfaction/indicator-systems': {
    params: {};
    query: {};
    body: {
      name: string;
      description?: string;
    };
    response: {
      id: string;
      familyId: string;
      version: number;
      name: string;
      status: "draft" | "published";
      createdAt: string;
      publishedAt: string | null;
      description: string | null;
      indicators: {
        id: string;
        parentId: string | null;
        code: string;
        level: number;
        position: number;
        name: {
          "zh-CN": string;
          en: string;
        };
        kind: "core" | "auxiliary" | "relative";
        step: "factor" | "preliminary" | "validated" | "weighted";
        localWeight: number | null;
        globalWeight: number | null;
        leaf: boolean;
      }[];
      groups: {
        parentId: string | null;
        method: "entered" | "ahp";
        indicatorIds: string[];
        matrix: number[][] | null;
        lambdaMax: number | null;
        ci: number | null;
        cr: number | null;
        acceptedReason: string | null;
      }[];
      unweighted: (string | null)[];
    };
  };
  /** An indicator system version: indicators with local and global weights, weight groups with AHP consistency. Permission: `satisfaction.read`. */
  'GET /api/v1/satisfaction/indicator-systems/{id}': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: {
      id: string;
      familyId: string;
      version: number;
      name: string;
      status: "draft" | "published";
      createdAt: string;
      publishedAt: string | null;
      description: string | null;
      indicators: {
        id: string;
        parentId: string | null;
        code: string;
        level: number;
        position: number;
        name: {
          "zh-CN": string;
          en: string;
        };
        kind: "core" | "auxiliary" | "relative";
        step: "factor" | "preliminary" | "validated" | "weighted";
        localWeight: number | null;
        globalWeight: number | null;
        leaf: boolean;
      }[];
      groups: {
        parentId: string | null;
        method: "entered" | "ahp";
        indicatorIds: string[];
        matrix: number[][] | null;
        lambdaMax: number | null;
        ci: number | null;
        cr: number | null;
        acceptedReason: string | null;
      }[];
      unweighted: (string | null)[];
    };
  };
  /** Weigh one level by AHP from a pairwise comparison matrix (Saaty 1–9, reciprocal); CR ≥ 0.10 needs `acceptInconsistency`. Permission: `satisfaction.indicators.write`. */
  'PUT /api/v1/satisfaction/indicator-systems/{id}/ahp': {
    params: {
      id: string;
    };
    query: {};
    body: {
      parentId: string | null;
      indicatorIds: string[];
      matrix: number[][];
      acceptInconsistency?: {
        reason: string;
      };
    };
    response: {
      id: string;
      familyId: string;
      version: number;
      name: string;
      status: "draft" | "published";
      createdAt: string;
      publishedAt: string | null;
      description: string | null;
      indicators: {
        id: string;
        parentId: string | null;
        code: string;
        level: number;
        position: number;
        name: {
          "zh-CN": string;
          en: string;
        };
        kind: "core" | "auxiliary" | "relative";
        step: "factor" | "preliminary" | "validated" | "weighted";
        localWeight: number | null;
        globalWeight: number | null;
        leaf: boolean;
      }[];
      groups: {
        parentId: string | null;
        method: "entered" | "ahp";
        indicatorIds: string[];
        matrix: number[][] | null;
        lambdaMax: number | null;
        ci: number | null;
        cr: number | null;
        acceptedReason: string | null;
      }[];
      unweighted: (string | null)[];
    };
  };
  /** Add a dimension (no parent), an indicator or a sub-indicator to a draft. Permission: `satisfaction.indicators.write`. */
  'POST /api/v1/satisfaction/indicator-systems/{id}/indicators': {
    params: {
      id: string;
    };
    query: {};
    body: {
      parentId?: string | null;
      code?: string;
      name: {
        "zh-CN": string;
        en: string;
      };
      kind?: "core" | "auxiliary" | "relative";
      step?: "factor" | "preliminary" | "validated" | "weighted";
    };
    response: {
      id: string;
      familyId: string;
      version: number;
      name: string;
      status: "draft" | "published";
      createdAt: string;
      publishedAt: string | null;
      description: string | null;
      indicators: {
        id: string;
        parentId: string | null;
        code: string;
        level: number;
        position: number;
        name: {
          "zh-CN": string;
          en: string;
        };
        kind: "core" | "auxiliary" | "relative";
        step: "factor" | "preliminary" | "validated" | "weighted";
        localWeight: number | null;
        globalWeight: number | null;
        leaf: boolean;
      }[];
      groups: {
        parentId: string | null;
        method: "entered" | "ahp";
        indicatorIds: string[];
        matrix: number[][] | null;
        lambdaMax: number | null;
        ci: number | null;
        cr: number | null;
        acceptedReason: string | null;
      }[];
      unweighted: (string | null)[];
    };
  };
  /** Rename an indicator, change its kind or the step it has reached. Permission: `satisfaction.indicators.write`. */
  'PATCH /api/v1/satisfaction/indicator-systems/{id}/indicators/{indicatorId}': {
    params: {
      id: string;
      indicatorId: string;
    };
    query: {};
    body: {
      name?: {
        "zh-CN": string;
        en: string;
      };
      kind?: "core" | "auxiliary" | "relative";
      step?: "factor" | "preliminary" | "validated" | "weighted";
    };
    response: {
      id: string;
      familyId: string;
      version: number;
      name: string;
      status: "draft" | "published";
      createdAt: string;
      publishedAt: string | null;
      description: string | null;
      indicators: {
        id: string;
        parentId: string | null;
        code: string;
        level: number;
        position: number;
        name: {
          "zh-CN": string;
          en: string;
        };
        kind: "core" | "auxiliary" | "relative";
        step: "factor" | "preliminary" | "validated" | "weighted";
        localWeight: number | null;
        globalWeight: number | null;
        leaf: boolean;
      }[];
      groups: {
        parentId: string | null;
        method: "entered" | "ahp";
        indicatorIds: string[];
        matrix: number[][] | null;
        lambdaMax: number | null;
        ci: number | null;
        cr: number | null;
        acceptedReason: string | null;
      }[];
      unweighted: (string | null)[];
    };
  };
  /** Remove an indicator without children from a draft. Permission: `satisfaction.indicators.write`. */
  'DELETE /api/v1/satisfaction/indicator-systems/{id}/indicators/{indicatorId}': {
    params: {
      id: string;
      indicatorId: string;
    };
    query: {};
    body: never;
    response: {
      id: string;
      familyId: string;
      version: number;
      name: string;
      status: "draft" | "published";
      createdAt: string;
      publishedAt: string | null;
      description: string | null;
      indicators: {
        id: string;
        parentId: string | null;
        code: string;
        level: number;
        position: number;
        name: {
          "zh-CN": string;
          en: string;
        };
        kind: "core" | "auxiliary" | "relative";
        step: "factor" | "preliminary" | "validated" | "weighted";
        localWeight: number | null;
        globalWeight: number | null;
        leaf: boolean;
      }[];
      groups: {
        parentId: string | null;
        method: "entered" | "ahp";
        indicatorIds: string[];
        matrix: number[][] | null;
        lambdaMax: number | null;
        ci: number | null;
        cr: number | null;
        acceptedReason: string | null;
      }[];
      unweighted: (string | null)[];
    };
  };
  /** Publish the draft: the version is frozen; surveys then score with it. Permission: `satisfaction.indicators.write`. */
  'POST /api/v1/satisfaction/indicator-systems/{id}/publish': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: {
      id: string;
      familyId: string;
      version: number;
      name: string;
      status: "draft" | "published";
      createdAt: string;
      publishedAt: string | null;
      description: string | null;
      indicators: {
        id: string;
        parentId: string | null;
        code: string;
        level: number;
        position: number;
        name: {
          "zh-CN": string;
          en: string;
        };
        kind: "core" | "auxiliary" | "relative";
        step: "factor" | "preliminary" | "validated" | "weighted";
        localWeight: number | null;
        globalWeight: number | null;
        leaf: boolean;
      }[];
      groups: {
        parentId: string | null;
        method: "entered" | "ahp";
        indicatorIds: string[];
        matrix: number[][] | null;
        lambdaMax: number | null;
        ci: number | null;
        cr: number | null;
        acceptedReason: string | null;
      }[];
      unweighted: (string | null)[];
    };
  };
  /** Select valid indicators by questionnaire: per indicator the response rate and the correlation with overall satisfaction; weak ones flagged. Permission: `satisfaction.read`. */
  'GET /api/v1/satisfaction/indicator-systems/{id}/validation': {
    params: {
      id: string;
    };
    query: {
      campaignId?: string;
      from?: string;
      to?: string;
      threshold?: number;
    };
    body: never;
    response: {
      systemId: string;
      responses: number;
      overallQuestion: boolean;
      threshold: number;
      indicators: {
        indicatorId: string;
        code: string;
        answered: number;
        responseRate: number | null;
        correlation: number | null;
        weak: boolean;
      }[];
    };
  };
  /** Start the next version of a published system as a draft copy. Permission: `satisfaction.indicators.write`. */
  'POST /api/v1/satisfaction/indicator-systems/{id}/versions': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: {
      id: string;
      familyId: string;
      version: number;
      name: string;
      status: "draft" | "published";
      createdAt: string;
      publishedAt: string | null;
      description: string | null;
      indicators: {
        id: string;
        parentId: string | null;
        code: string;
        level: number;
        position: number;
        name: {
          "zh-CN": string;
          en: string;
        };
        kind: "core" | "auxiliary" | "relative";
        step: "factor" | "preliminary" | "validated" | "weighted";
        localWeight: number | null;
        globalWeight: number | null;
        leaf: boolean;
      }[];
      groups: {
        parentId: string | null;
        method: "entered" | "ahp";
        indicatorIds: string[];
        matrix: number[][] | null;
        lambdaMax: number | null;
        ci: number | null;
        cr: number | null;
        acceptedReason: string | null;
      }[];
      unweighted: (string | null)[];
    };
  };
  /** Enter the weights of one level (the children of `parentId`, null for the dimensions); they must sum to 1. Permission: `satisfaction.indicators.write`. */
  'PUT /api/v1/satisfaction/indicator-systems/{id}/weights': {
    params: {
      id: string;
    };
    query: {};
    body: {
      parentId: string | null;
      weights: {
        indicatorId: string;
        weight: number;
      }[];
    };
    response: {
      id: string;
      familyId: string;
      version: number;
      name: string;
      status: "draft" | "published";
      createdAt: string;
      publishedAt: string | null;
      description: string | null;
      indicators: {
        id: string;
        parentId: string | null;
        code: string;
        level: number;
        position: number;
        name: {
          "zh-CN": string;
          en: string;
        };
        kind: "core" | "auxiliary" | "relative";
        step: "factor" | "preliminary" | "validated" | "weighted";
        localWeight: number | null;
        globalWeight: number | null;
        leaf: boolean;
      }[];
      groups: {
        parentId: string | null;
        method: "entered" | "ahp";
        indicatorIds: string[];
        matrix: number[][] | null;
        lambdaMax: number | null;
        ci: number | null;
        cr: number | null;
        acceptedReason: string | null;
      }[];
      unweighted: (string | null)[];
    };
  };
  /** Group interviews, newest first (of customers the caller may see, and market-wide ones). Permission: `satisfaction.read`. */
  'GET /api/v1/satisfaction/interviews': {
    params: {};
    query: {
      customerId?: string;
    };
    body: never;
    response: {
      items: {
        id: string;
        customerId: string | null;
        heldOn: string;
        title: string;
        participants: {
          name: string;
          role: string | null;
          contactId: string | null;
        }[];
        findings: string;
        indicatorIds: string[];
        createdAt: string;
      }[];
    };
  };
  /** Record a group interview with its participants, findings and linked indicators. Permission: `satisfaction.interviews.write`. */
  'POST /api/v1/satisfaction/interviews': {
    params: {};
    query: {};
    body: {
      customerId?: string;
      heldOn: string;
      title: string;
      participants: {
        name: string;
        role?: string | null;
        contactId?: string | null;
      }[];
      findings: string;
      indicatorIds?: string[];
    };
    response: {
      id: string;
      customerId: string | null;
      heldOn: string;
      title: string;
      participants: {
        name: string;
        role: string | null;
        contactId: string | null;
      }[];
      findings: string;
      indicatorIds: string[];
      createdAt: string;
    };
  };
  /** Open a survey by its link: the questionnaire and answers saved so far (404 unknown, 409 answered, 410 expired). Public. */
  'GET /api/v1/satisfaction/public/surveys/{token}': {
    params: {
      token: string;
    };
    query: {};
    body: never;
    response: {
      status: string;
      lang: string;
      expiresAt: string;
      questionnaire: {
        id: string;
        familyId: string;
        version: number;
        title: {
          "zh-CN": string;
          en: string;
        };
        intro: {
          "zh-CN": string;
          en: string;
        } | null;
        systemId: string | null;
        createdAt: string;
        frozen: boolean;
        questions: {
          id: string;
          position: number;
          type: "rating" | "nps" | "csat" | "ces" | "servqual" | "single" | "multiple" | "text";
          text: {
            "zh-CN": string;
            en: string;
          };
          required: boolean;
          indicatorId: string | null;
          scaleMin: number | null;
          scaleMax: number | null;
          options: {
            value: string;
            label: {
              "zh-CN": string;
              en: string;
            };
          }[] | null;
          overall: boolean;
        }[];
      };
      answers: {
        questionId: string;
        value: (number | string | string[] | {
          expectation: number;
          perception: number;
        }) | null;
      }[];
    };
  };
  /** Save answers so far, to resume later. Public. */
  'PUT /api/v1/satisfaction/public/surveys/{token}/answers': {
    params: {
      token: string;
    };
    query: {};
    body: {
      answers: {
        questionId: string;
        value: (number | string | string[] | {
          expectation: number;
          perception: number;
        }) | null;
      }[];
    };
    response: {
      saved: number;
      answered: number;
      questions: number;
    };
  };
  /** Stop all survey invitations to this contact. Public. */
  'POST /api/v1/satisfaction/public/surveys/{token}/opt-out': {
    params: {
      token: string;
    };
    query: {};
    body: never;
    response: {
      optedOut: true;
    };
  };
  /** Submit the survey (once: a second submission is 409 already_submitted). Public. */
  'POST /api/v1/satisfaction/public/surveys/{token}/submit': {
    params: {
      token: string;
    };
    query: {};
    body: {
      answers: {
        questionId: string;
        value: (number | string | string[] | {
          expectation: number;
          perception: number;
        }) | null;
      }[];
    };
    response: {
      submitted: true;
      submittedAt: string;
    };
  };
  /** Questionnaires, every version. Permission: `satisfaction.read`. */
  'GET /api/v1/satisfaction/questionnaires': {
    params: {};
    query: {};
    body: never;
    response: {
      items: {
        id: string;
        familyId: string;
        version: number;
        title: {
          "zh-CN": string;
          en: string;
        };
        systemId: string | null;
        frozen: boolean;
        createdAt: string;
      }[];
    };
  };
  /** Create a questionnaire (version 1): rating, NPS, CSAT, CES, SERVQUAL pairs, choices, free text. Permission: `satisfaction.questionnaires.write`. */
  'POST /api/v1/satisfaction/questionnaires': {
    params: {};
    query: {};
    body: {
      title: {
        "zh-CN": string;
        en: string;
      };
      intro?: {
        "zh-CN": string;
        en: string;
      };
      systemId?: string | null;
      questions: {
        type: "rating";
        text: {
          "zh-CN": string;
          en: string;
        };
        required?: boolean;
        scale?: 5 | 7 | 10;
        indicatorId?: string;
        overall?: boolean;
      } | {
        type: "nps";
        text: {
          "zh-CN": string;
          en: string;
        };
        required?: boolean;
      } | {
        type: "csat";
        text: {
          "zh-CN": string;
          en: string;
        };
        required?: boolean;
        indicatorId?: string;
        overall?: boolean;
      } | {
        type: "ces";
        text: {
          "zh-CN": string;
          en: string;
        };
        required?: boolean;
      } | {
        type: "servqual";
        text: {
          "zh-CN": string;
          en: string;
        };
        required?: boolean;
        scale?: 5 | 7;
        indicatorId: string;
      } | {
        type: "single";
        text: {
          "zh-CN": string;
          en: string;
        };
        required?: boolean;
        options: {
          value: string;
          label: {
            "zh-CN": string;
            en: string;
          };
        }[];
      } | {
        type: "multiple";
        text: {
          "zh-CN": string;
          en: string;
        };
        required?: boolean;
        options: {
          value: string;
          label: {
            "zh-CN": string;
            en: string;
          };
        }[];
      } | {
        type: "text";
        text: {
          "zh-CN": string;
          en: string;
        };
        required?: boolean;
      }[];
    };
    response: {
      id: string;
      familyId: string;
      version: number;
      title: {
        "zh-CN": string;
        en: string;
      };
      intro: {
        "zh-CN": string;
        en: string;
      } | null;
      systemId: string | null;
      createdAt: string;
      frozen: boolean;
      questions: {
        id: string;
        position: number;
        type: "rating" | "nps" | "csat" | "ces" | "servqual" | "single" | "multiple" | "text";
        text: {
          "zh-CN": string;
          en: string;
        };
        required: boolean;
        indicatorId: string | null;
        scaleMin: number | null;
        scaleMax: number | null;
        options: {
          value: string;
          label: {
            "zh-CN": string;
            en: string;
          };
        }[] | null;
        overall: boolean;
      }[];
    };
  };
  /** A questionnaire version with its questions. Permission: `satisfaction.read`. */
  'GET /api/v1/satisfaction/questionnaires/{id}': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: {
      id: string;
      familyId: string;
      version: number;
      title: {
        "zh-CN": string;
        en: string;
      };
      intro: {
        "zh-CN": string;
        en: string;
      } | null;
      systemId: string | null;
      createdAt: string;
      frozen: boolean;
      questions: {
        id: string;
        position: number;
        type: "rating" | "nps" | "csat" | "ces" | "servqual" | "single" | "multiple" | "text";
        text: {
          "zh-CN": string;
          en: string;
        };
        required: boolean;
        indicatorId: string | null;
        scaleMin: number | null;
        scaleMax: number | null;
        options: {
          value: string;
          label: {
            "zh-CN": string;
            en: string;
          };
        }[] | null;
        overall: boolean;
      }[];
    };
  };
  /** Replace the title and questions of a version without responses (409 once frozen). Permission: `satisfaction.questionnaires.write`. */
  'PUT /api/v1/satisfaction/questionnaires/{id}': {
    params: {
      id: string;
    };
    query: {};
    body: {
      title: {
        "zh-CN": string;
        en: string;
      };
      intro?: {
        "zh-CN": string;
        en: string;
      };
      systemId?: string | null;
      questions: {
        type: "rating";
        text: {
          "zh-CN": string;
          en: string;
        };
        required?: boolean;
        scale?: 5 | 7 | 10;
        indicatorId?: string;
        overall?: boolean;
      } | {
        type: "nps";
        text: {
          "zh-CN": string;
          en: string;
        };
        required?: boolean;
      } | {
        type: "csat";
        text: {
          "zh-CN": string;
          en: string;
        };
        required?: boolean;
        indicatorId?: string;
        overall?: boolean;
      } | {
        type: "ces";
        text: {
          "zh-CN": string;
          en: string;
        };
        required?: boolean;
      } | {
        type: "servqual";
        text: {
          "zh-CN": string;
          en: string;
        };
        required?: boolean;
        scale?: 5 | 7;
        indicatorId: string;
      } | {
        type: "single";
        text: {
          "zh-CN": string;
          en: string;
        };
        required?: boolean;
        options: {
          value: string;
          label: {
            "zh-CN": string;
            en: string;
          };
        }[];
      } | {
        type: "multiple";
        text: {
          "zh-CN": string;
          en: string;
        };
        required?: boolean;
        options: {
          value: string;
          label: {
            "zh-CN": string;
            en: string;
          };
        }[];
      } | {
        type: "text";
        text: {
          "zh-CN": string;
          en: string;
        };
        required?: boolean;
      }[];
    };
    response: {
      id: string;
      familyId: string;
      version: number;
      title: {
        "zh-CN": string;
        en: string;
      };
      intro: {
        "zh-CN": string;
        en: string;
      } | null;
      systemId: string | null;
      createdAt: string;
      frozen: boolean;
      questions: {
        id: string;
        position: number;
        type: "rating" | "nps" | "csat" | "ces" | "servqual" | "single" | "multiple" | "text";
        text: {
          "zh-CN": string;
          en: string;
        };
        required: boolean;
        indicatorId: string | null;
        scaleMin: number | null;
        scaleMax: number | null;
        options: {
          value: string;
          label: {
            "zh-CN": string;
            en: string;
          };
        }[] | null;
        overall: boolean;
      }[];
    };
  };
  /** The next version of a questionnaire, as an editable copy. Permission: `satisfaction.questionnaires.write`. */
  'POST /api/v1/satisfaction/questionnaires/{id}/versions': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: {
      id: string;
      familyId: string;
      version: number;
      title: {
        "zh-CN": string;
        en: string;
      };
      intro: {
        "zh-CN": string;
        en: string;
      } | null;
      systemId: string | null;
      createdAt: string;
      frozen: boolean;
      questions: {
        id: string;
        position: number;
        type: "rating" | "nps" | "csat" | "ces" | "servqual" | "single" | "multiple" | "text";
        text: {
          "zh-CN": string;
          en: string;
        };
        required: boolean;
        indicatorId: string | null;
        scaleMin: number | null;
        scaleMax: number | null;
        options: {
          value: string;
          label: {
            "zh-CN": string;
            en: string;
          };
        }[] | null;
        overall: boolean;
      }[];
    };
  };
  /** One response with its answers. Permission: `satisfaction.read`. */
  'GET /api/v1/satisfaction/responses/{id}': {
    params: {
      id: string;
    };
    query: {};
    body: never;
    response: {
      id: string;
      campaignId: string;
      questionnaireId: string;
      systemId: string | null;
      customerId: string;
      contactId: string | null;
      status: "partial" | "submitted";
      submittedAt: string | null;
      csi: number | null;
      csat: number | null;
      nps: number | null;
      npsCategory: ("promoter" | "passive" | "detractor") | null;
      ces: number | null;
      lowScore: string[];
      answers: {
        questionId: string;
        value: number | null;
        expectation: number | null;
        choices: string[] | null;
        text: string | null;
      }[];
    };
  };
  /** NPS, CSAT, CES and CSI per segment (kind, region, owner, key-account tier, campaign) and period, each with its n and the change from the previous period. Permission: `satisfaction.read`. */
  'GET /api/v1/satisfaction/scores': {
    params: {};
    query: {
      groupBy?: "none" | "kind" | "region" | "owner" | "tier" | "campaign";
      period?: "month" | "quarter" | "all";
      from?: string;
      to?: string;
      campaignId?: string;
    };
    body: never;
    response: {
      rows: {
        responses: number;
        nps: {
          value: number | null;
          n: number;
        };
        csat: {
          value: number | null;
          n: number;
        };
        ces: {
          value: number | null;
          n: number;
          topTwoBox: number | null;
        };
        csi: {
          value: number | null;
          n: number;
        };
        segment: string | null;
        period: string;
        change: {
          nps: number | null;
          csat: number | null;
          ces: number | null;
          csi: number | null;
        };
      }[];
      service: {
        complaints: number;
        customers: number;
        avgResponseMinutes: number | null;
        avgResolutionMinutes: number | null;
      } | null;
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
        /** For mail and the console; null: the default */
        language: ("en" | "zh-CN") | null;
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
      language?: ("en" | "zh-CN") | null;
    };
    response: {
      id: string;
      name: string;
      email: string | null;
      roles: string[];
      active: boolean;
      /** For mail and the console; null: the default */
      language: ("en" | "zh-CN") | null;
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
      language?: ("en" | "zh-CN") | null;
    };
    response: {
      id: string;
      name: string;
      email: string | null;
      roles: string[];
      active: boolean;
      /** For mail and the console; null: the default */
      language: ("en" | "zh-CN") | null;
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
