// Which budget to run: `full` is the report's recipe; `quick` and `smoke` are the overrides each config declares.
import { PROFILES, type Profile } from './config';

export const PROFILE_ENV = 'PIRATE_PAIN_PROFILE';

/**
 * The profile named by the argument, else by $PIRATE_PAIN_PROFILE, else `quick` (the whole report in minutes on a
 * laptop; every result records the profile and its overrides, so a quick number is never mistaken for the report's).
 */
export function selectProfile(arg?: string, env: Record<string, string | undefined> = process.env): Profile {
  const name = arg ?? env[PROFILE_ENV] ?? 'quick';
  if (!(PROFILES as readonly string[]).includes(name)) {
    const from = arg !== undefined ? 'profile' : `$${PROFILE_ENV}`;
    throw new Error(`${from}: unknown profile ${JSON.stringify(name)} (expected ${PROFILES.join(', ')})`);
  }
  return name as Profile;
}
