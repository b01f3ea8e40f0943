/**
 * The demo tenant's id: the /demo page embeds its widget. The rest of the demo tenant (name, config,
 * knowledge) is seed data in scripts/lib/demo-tenant.ts, which takes the id from here.
 */
export const DEMO_TENANT_ID = "tnt_demo";
