/**
 * When an environment variable counts as set, for loadConfig and for the code that decides whether loading the
 * config schema is needed at all (the classify CLI): an empty or blank value means unset, as in most shells'
 * `FOO= cmd`.
 */
export function envSet(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}
