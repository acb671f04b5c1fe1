import { z } from 'zod';
import { ROLES } from '../store/ports.js';
import { freeText } from '../validation/free-text.js';
import { checkNewPassword, PASSWORD_MIN } from './password-policy.js';

export { PASSWORD_MIN };

const trimmed = z.string().trim();

export const signInSchema = z.object({
  username: trimmed.min(1, 'Enter your username').max(64, 'Enter your username').superRefine(freeText('username')),
  password: z.string().min(1, 'Enter your password').max(256, 'Enter your password'),
  next: z.string().optional().default(''),
});

/** New staff account (first team lead at set-up, or a team lead adding someone). */
export const newStaffSchema = z
  .object({
    username: trimmed
      .min(1, 'Enter a username')
      .max(64, 'Username must be 64 characters or fewer')
      .regex(/^[A-Za-z0-9._-]+$/, 'Username must only include letters a to z, numbers, full stops, hyphens and underscores'),
    displayName: trimmed.min(1, 'Enter the full name').max(100, 'Full name must be 100 characters or fewer').superRefine(freeText('full name')),
    role: z.enum(ROLES as [string, ...string[]], { message: 'Select a role' }),
    // Length, only spaces, and the deny list of common and breached passwords (NCSC).
    password: z.string().superRefine((password, ctx) => {
      const problem = checkNewPassword(password);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
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

/** A password rule (NCSC, see password-policy.ts) as a zod refinement; `related` words (the username) count against it. */
const newPassword = (related: () => readonly string[]) =>
  z.string().superRefine((password, ctx) => {
    const problem = checkNewPassword(password, related());
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** A team lead resets someone's password: one they type, or (left empty) one the service makes. */
export const resetPasswordSchema = (username: string) =>
  z.object({
    password: z.union([z.literal(''), newPassword(() => [username])]),
  }).superRefine((value, ctx) => {
    if (value.password && value.password.toLowerCase().includes(username.toLowerCase())) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'Password must not contain the username' });
    }
  });

export const changeRoleSchema = z.object({
  role: z.enum(ROLES as [string, ...string[]], { message: 'Select a role' }),
});

/** A staff member changes their own password: the current one, then the new one twice. */
export const changePasswordSchema = (username: string) =>
  z
    .object({
      currentPassword: z.string().min(1, 'Enter your current password').max(256, 'Enter your current password'),
      password: newPassword(() => [username]),
      confirmPassword: z.string(),
    })
    .superRefine((value, ctx) => {
      if (value.password && value.confirmPassword !== value.password) {
        ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'Passwords do not match' });
      }
      if (value.password && value.password === value.currentPassword) {
        ctx.addIssue({ code: 'custom', path: ['password'], message: 'Choose a new password that is different from your current one' });
      }
      if (username && value.password.toLowerCase().includes(username.toLowerCase())) {
        ctx.addIssue({ code: 'custom', path: ['password'], message: 'Password must not contain your username' });
      }
    });
