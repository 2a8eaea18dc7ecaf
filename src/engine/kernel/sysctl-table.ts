/**
 * A namespace's sysctl values: a Map that counts its writes, so values derived from it on the
 * packet path (the rp_filter mode of a device) can be cached until the next write (perf only).
 */
export class SysctlTable extends Map<string, string> {
  /** Bumped by every set, delete and clear. */
  generation = 0;

  override set(key: string, value: string): this {
    this.generation++;
    return super.set(key, value);
  }

  override delete(key: string): boolean {
    this.generation++;
    return super.delete(key);
  }

  override clear(): void {
    this.generation++;
    super.clear();
  }
}
