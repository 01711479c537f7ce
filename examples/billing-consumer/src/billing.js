'use strict';
// The per-tenant billable state that tenant.lifecycle events build. Synthetic tenants (the signup canary's) are
// never billed: their events are counted and otherwise ignored.

const iso = (millis) => (millis === null || millis === undefined ? null : new Date(Number(millis)).toISOString());
const lower = (symbol) => (symbol === null || symbol === undefined ? null : String(symbol).toLowerCase());

class BillingLedger {
  constructor() {
    this.tenants = new Map();
    this.synthetic = new Set();
    this.seenEventIds = new Set();
  }

  /**
   * Applies one decoded event; answers the tenant's new state, or null when nothing billable changed (a synthetic
   * tenant's event, or an event seen before: every reader applies an event at most once).
   */
  apply(event, record) {
    if (this.seenEventIds.has(record.eventId)) {
      return null;
    }
    this.seenEventIds.add(record.eventId);
    const tenantId = record.tenantId;
    if (event === 'TenantActivated' && record.synthetic) {
      this.synthetic.add(tenantId);
    }
    if (this.synthetic.has(tenantId)) {
      return null;
    }
    const at = iso(record.occurredAt);
    const tenant = this.tenants.get(tenantId) || emptyTenant(tenantId);
    switch (event) {
      case 'TenantActivated':
        Object.assign(tenant, {
          organization: record.organization,
          subdomain: record.subdomain,
          adminEmail: record.adminEmail,
          plan: lower(record.plan),
          status: 'active',
          activatedAt: at,
          billableSince: at,
          trialEndsAt: iso(record.trialEndsAt),
        });
        break;
      case 'TenantSuspended':
        Object.assign(tenant, { status: 'suspended', suspendedAt: at, suspensionReason: lower(record.reason) });
        break;
      case 'TenantResumed':
        Object.assign(tenant, { status: 'active', suspendedAt: null, suspensionReason: null });
        break;
      case 'TenantPlanChanged':
        if (tenant.plan !== null && tenant.plan !== lower(record.fromPlan)) {
          process.stderr.write(`warning: tenant ${tenantId} changes plan from ${lower(record.fromPlan)} `
            + `but its plan here is ${tenant.plan}\n`);
        }
        Object.assign(tenant, { plan: lower(record.toPlan), planSince: at });
        break;
      case 'TenantDeleted':
        Object.assign(tenant, {
          status: 'deleted',
          deletedAt: at,
          deletionReason: lower(record.reason),
          subdomain: record.subdomain,
        });
        break;
      default:
        return null;
    }
    tenant.updatedAt = at;
    this.tenants.set(tenantId, tenant);
    return { ...tenant };
  }

  summary() {
    return [...this.tenants.values()]
      .sort((a, b) => a.tenantId.localeCompare(b.tenantId))
      .map((tenant) => ({ ...tenant }));
  }
}

function emptyTenant(tenantId) {
  return {
    tenantId,
    organization: null,
    subdomain: null,
    adminEmail: null,
    plan: null,
    planSince: null,
    status: null,
    activatedAt: null,
    billableSince: null,
    trialEndsAt: null,
    suspendedAt: null,
    suspensionReason: null,
    deletedAt: null,
    deletionReason: null,
    updatedAt: null,
  };
}

module.exports = { BillingLedger };
