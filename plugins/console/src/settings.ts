import { z } from '@kehu/core';

export const ConsoleConfig = z.object({
  /** Trust X-Forwarded-Proto/-For from a reverse proxy (Secure cookies behind https, client address). */
  trustProxy: z.boolean().default(false),
  session: z
    .object({
      idleMinutes: z
        .number()
        .int()
        .min(5)
        .max(24 * 60)
        .default(120),
      absoluteHours: z
        .number()
        .int()
        .min(1)
        .max(24 * 30)
        .default(12),
    })
    .default({ idleMinutes: 120, absoluteHours: 12 }),
  /** How long an invitation link stays valid. */
  invitationDays: z.number().int().min(1).max(90).default(7),
  /** Product name shown in the header. */
  title: z.string().min(1).max(60).default('Kehu 客户'),
});

export type ConsoleConfigInput = z.input<typeof ConsoleConfig>;

export interface ConsoleSettings {
  /** The company's time zone: the kernel's (`timeZone` in the host's config). */
  timeZone: string;
  trustProxy: boolean;
  session: { idleMs: number; absoluteMs: number };
  invitationMs: number;
  title: string;
}
