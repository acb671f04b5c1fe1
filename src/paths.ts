import { fileURLToPath } from 'node:url';

/** The repository root, whether running from src/ (tests) or dist/ (npm start). */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
