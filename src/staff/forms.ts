import { z } from 'zod';
import { ROLES } from '../store/ports.js';

const trimmed = z.string().trim();

export const signInSchema = z.object({
  username: trimmed.min(1, 'Enter your username').max(64, 'Enter your username'),
  password: z.string().min(1, 'Enter your password').max(256, 'Enter your password'),
  next: z.string().optional().default(''),
});

export const PASSWORD_MIN = 12;

/** New staff account (first team lead at set-up, or a team lead adding someone). */
export const newStaffSchema = z
  .object({
    username: trimmed
      .min(1, 'Enter a username')
      .max(64, 'Username must be 64 characters or fewer')
      .regex(/^[A-Za-z0-9._-]+$/, 'Username must only include letters a to z, numbers, full stops, hyphens and underscores'),
    displayName: trimmed.min(1, 'Enter the full name').max(100, 'Full name must be 100 characters or fewer'),
    role: z.enum(ROLES as [string, ...string[]], { message: 'Select a role' }),
    password: z
      .string()
      .min(PASSWORD_MIN, `Password must be ${PASSWORD_MIN} characters or more`)
      .max(256, 'Password must be 256 characters or fewer'),
    confirmPassword: z.string(),
  })
  .superRefine((value, ctx) => {
    if (value.password && value.confirmPassword !== value.password) {
      ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'Passwords do not match' });
    }
    if (value.password.toLowerCase().includes(value.username.toLowerCase()) && value.username.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'Password must not contain the username' });
    }
  });

/** Only local staff paths are followed after sign-in: never another site. */
export function safeNext(next: string): string {
  return /^\/staff(\/[A-Za-z0-9/_-]*)?$/.test(next) ? next : '/staff/requests';
}
