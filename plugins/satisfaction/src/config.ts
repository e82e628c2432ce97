import { z } from '@kehu/core';

/** Validated at boot; a bad value is a boot error naming `config.<field>`. */
export const satisfactionConfigSchema = z.object({
  /** Survey fatigue: a contact is not invited again within this many days, across all campaigns. */
  fatigueDays: z.number().int().min(0).max(3650).default(90),
  /** Complaint follow-up surveys are exempt from the fatigue window. */
  complaintFollowUpBypassesFatigue: z.boolean().default(true),
  /** Days an invitation link stays valid. */
  invitationDays: z.number().int().min(1).max(365).default(30),
  /** Reminders sent to a contact who has not answered: how many and how many days apart. */
  reminders: z
    .object({
      count: z.number().int().min(0).max(5).default(2),
      everyDays: z.number().int().min(1).max(60).default(7),
    })
    .default({ count: 2, everyDays: 7 }),
  /** A response at or under these figures is a low score (an event and an activity for the owner). */
  lowScore: z
    .object({
      csatAtMost: z.number().min(1).max(5).default(2),
      npsDetractor: z.boolean().default(true),
      csiBelow: z.number().min(0).max(100).default(60),
      /** A core indicator whose perception falls short of expectation by more than this (scale points). */
      coreGapBelow: z.number().min(0).max(10).default(1),
    })
    .default({ csatAtMost: 2, npsDetractor: true, csiBelow: 60, coreGapBelow: 1 }),
  /** Indicators whose |r| with overall satisfaction is below this are flagged weak in validation. */
  weakCorrelation: z.number().min(0).max(1).default(0.3),
  /** Complaints (when enabled): invite the complaint's contact to a survey once it is closed. */
  surveyAfterComplaintClosed: z.boolean().default(true),
  /** Complaints (when enabled): the survey sent after a reply is the complaint's return visit (回访). */
  surveyAsReturnVisit: z.boolean().default(false),
  /** Public response routes: requests per token holder per minute. */
  publicRateLimitPerMinute: z.number().int().min(1).max(10_000).default(60),
  /** The console origin put into invitation links. */
  publicBaseUrl: z.string().url().optional(),
});

export type SatisfactionConfig = z.output<typeof satisfactionConfigSchema>;
