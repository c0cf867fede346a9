/**
 * A map keyed by (model, version, tenant, time bucket), nested one level per part: the folds
 * look a key up once per event, and nested lookups build no key string per event.
 */
export class EventKeyMap<V> {
  private readonly root = new Map<string, Map<string, Map<string, Map<number, V>>>>();

  get(modelId: string, version: string, tenant: string, ms: number): V | undefined {
    return this.root.get(modelId)?.get(version)?.get(tenant)?.get(ms);
  }

  set(modelId: string, version: string, tenant: string, ms: number, value: V): void {
    let byVersion = this.root.get(modelId);
    if (!byVersion) this.root.set(modelId, (byVersion = new Map()));
    let byTenant = byVersion.get(version);
    if (!byTenant) byVersion.set(version, (byTenant = new Map()));
    let byTime = byTenant.get(tenant);
    if (!byTime) byTenant.set(tenant, (byTime = new Map()));
    byTime.set(ms, value);
  }
}
