/**
 * Cases in cases/ whose lab output does not yet match real Linux (expected/NAME.txt).
 * linux-cases.test.ts runs these with `it.fails`: they pass while the case still differs and
 * fail as soon as it matches — then delete the name from this list. Never add a name to hide a
 * regression of a case that used to match.
 */
export const PENDING: readonly string[] = ['bridge-fdb'];
