/** iproute2's `matches(arg, keyword)`: a non-empty prefix of the keyword matches. */
export function matches(arg: string | undefined, keyword: string): boolean {
  return arg !== undefined && arg.length > 0 && keyword.startsWith(arg);
}

/** The first keyword (in iproute2's table order) that `arg` abbreviates. */
export function matchFirst<T extends string>(arg: string, keywords: readonly T[]): T | undefined {
  return keywords.find((k) => matches(arg, k));
}
