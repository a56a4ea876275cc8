import { sql } from "drizzle-orm";
import { type Database, rowsOf } from "@/lib/db/client";
import { withService } from "@/lib/db/with-user";
import { BuiltinAuth } from "@/lib/integrations/auth/builtin/builtin-auth";
import { createOrganization } from "../organizations/create-organization";

export const DEMO_USER = { email: "demo@example.com", password: "demo-dialer", fullName: "Dana Demo" };
export const DEMO_ORG_NAME = "Acme Solar (demo)";

/**
 * Local mode's first start: a demo organization and user, so the app shows something at once.
 * Idempotent: does nothing when the demo user exists. Returns whether it created them.
 */
export async function seedDemo({
  db,
  secret,
  started = false,
}: {
  db: Database;
  secret: string;
  /** Seed the campaign running rather than ready to start. */
  started?: boolean;
}): Promise<boolean> {
  const existing = rowsOf<{ id: string }>(
    await db.execute(sql`select id from auth.users where lower(email) = ${DEMO_USER.email}`),
  );
  if (existing[0]) {
    await seedDemoCampaign({ db, userId: existing[0].id, started });
    return false;
  }
  // A cookie jar that goes nowhere: seeding signs nobody in.
  const auth = new BuiltinAuth({
    db,
    secret,
    secureCookies: false,
    cookies: { getAll: () => [], set: () => {} },
  });
  const userId = await auth.createConfirmedUser(DEMO_USER);
  if (!userId) return false;
  await withService(
    (tx) =>
      createOrganization({
        tx,
        owner: { id: userId, email: DEMO_USER.email, fullName: DEMO_USER.fullName },
        name: DEMO_ORG_NAME,
        defaultCountry: "US",
        defaultTimezone: "America/Chicago",
      }),
    db,
  );
  await seedDemoCampaign({ db, userId, started });
  return true;
}

export const DEMO_CAMPAIGN_NAME = "Solar follow-up (demo)";

/** [first, last, company, zone, phone]: fictional numbers (555-01xx in North America, Ofcom's drama range in the UK). */
export const DEMO_LEADS: [string, string, string, string, string][] = [
  ["Maria", "Alvarez", "Brightside Roofing", "America/New_York", "+12125550101"],
  ["James", "Okafor", "Hudson Dental", "America/New_York", "+12125550102"],
  ["Emily", "Chen", "Chen & Park CPA", "America/New_York", "+16175550103"],
  ["Robert", "Kowalski", "Kowalski Auto", "America/New_York", "+13055550104"],
  ["Aisha", "Rahman", "Greenway Bakery", "America/New_York", "+14045550105"],
  ["Daniel", "Murphy", "Murphy Plumbing", "America/Chicago", "+13125550106"],
  ["Sofia", "Rossi", "Lakeview Yoga", "America/Chicago", "+13125550107"],
  ["Marcus", "Johnson", "Prairie Logistics", "America/Chicago", "+15125550108"],
  ["Hannah", "Schmidt", "Schmidt Farms", "America/Chicago", "+16155550109"],
  ["Luis", "Hernandez", "Alamo Print Shop", "America/Chicago", "+12105550110"],
  ["Grace", "Nguyen", "Mile High Florist", "America/Denver", "+13035550111"],
  ["Tyler", "Brooks", "Brooks Outfitters", "America/Denver", "+13035550112"],
  ["Olivia", "Martin", "Wasatch Vet Clinic", "America/Denver", "+18015550113"],
  ["Ethan", "Clark", "Desert Sun HVAC", "America/Phoenix", "+16025550114"],
  ["Isabella", "Lopez", "Sonoran Pools", "America/Phoenix", "+14805550115"],
  ["Noah", "Patel", "Camelback Realty", "America/Phoenix", "+16025550116"],
  ["Chloe", "Kim", "Bay Area Bikes", "America/Los_Angeles", "+14155550117"],
  ["Ryan", "Walsh", "Pacific Coast Cafe", "America/Los_Angeles", "+13105550118"],
  ["Mia", "Garcia", "Garcia Landscaping", "America/Los_Angeles", "+16195550119"],
  ["Kevin", "Tran", "Evergreen Tech", "America/Los_Angeles", "+12065550120"],
  ["Zoe", "Foster", "Rose City Books", "America/Los_Angeles", "+15035550121"],
  ["Nathan", "Price", "Northern Lights Lodge", "America/Anchorage", "+19075550122"],
  ["Leah", "Morgan", "Kenai Fishing Co", "America/Anchorage", "+19075550123"],
  ["Kai", "Kahale", "Aloha Surf School", "Pacific/Honolulu", "+18085550124"],
  ["Leilani", "Akana", "Island Solar Supply", "Pacific/Honolulu", "+18085550125"],
  ["Oliver", "Hughes", "Hughes Joinery", "Europe/London", "+442079460126"],
  ["Amelia", "Clarke", "Thames Tea Rooms", "Europe/London", "+442079460127"],
  ["Harry", "Evans", "Evans & Sons Builders", "Europe/London", "+441632960128"],
  ["Priya", "Sharma", "Sharma Textiles", "Asia/Kolkata", "+919876500129"],
  ["Arjun", "Mehta", "Mehta Electronics", "Asia/Kolkata", "+919876500130"],
  ["Ananya", "Iyer", "Chennai Coffee Works", "Asia/Kolkata", "+919876500131"],
  ["Jack", "Wilson", "Harbour View Motel", "Australia/Sydney", "+61255500132"],
  ["Charlotte", "Taylor", "Bondi Wellness", "Australia/Sydney", "+61255500133"],
  ["Lucas", "Brown", "Blue Mountains Tours", "Australia/Sydney", "+61255500134"],
  ["Ava", "Robinson", "Robinson Law", "America/New_York", "+17185550135"],
  ["William", "Scott", "Scott Hardware", "America/Chicago", "+14145550136"],
  ["Ella", "Young", "Young Family Dentistry", "America/Denver", "+17195550137"],
  ["Henry", "King", "King's Carpet Care", "America/Los_Angeles", "+17025550138"],
  ["Lily", "Wright", "Wright Photography", "America/Phoenix", "+15205550139"],
  ["Samuel", "Green", "Green Acres Nursery", "Pacific/Honolulu", "+18085550140"],
];

/** The demo campaign's calling hours: every day, 08:00-21:00 in each lead's own zone. */
export const DEMO_CALLING_WINDOW = { days: [0, 1, 2, 3, 4, 5, 6], startMinute: 8 * 60, endMinute: 21 * 60 };

/**
 * The demo organization's campaign, ready but not started: nothing is dialed until someone
 * presses Start, so the first sign-in finds every lead still to call. Its leads are spread over
 * zones around the world, so at any hour of any day some are inside their calling hours (Start
 * places calls at once) and some wait for their morning (seed-demo.test.ts checks both).
 * Idempotent: does nothing when the campaign exists (or the demo organization does not).
 */
export async function seedDemoCampaign({
  db,
  userId,
  started = false,
}: {
  db: Database;
  userId: string;
  /** Running from the start (`SEED_DEMO=started`) rather than a draft waiting for Start. */
  started?: boolean;
}): Promise<boolean> {
  return withService(async (tx) => {
    const [org] = rowsOf<{ id: string }>(
      await tx.execute(sql`
        select o.id from public.organizations o
        join public.memberships m on m.org_id = o.id and m.user_id = ${userId}
        where o.name = ${DEMO_ORG_NAME} order by o.created_at limit 1`),
    );
    if (!org) return false;
    const [found] = rowsOf<{ id: string }>(
      await tx.execute(
        sql`select id from public.campaigns where org_id = ${org.id} and name = ${DEMO_CAMPAIGN_NAME} limit 1`,
      ),
    );
    if (found) return false;
    const [campaign] = rowsOf<{ id: string }>(
      await tx.execute(sql`
        insert into public.campaigns (org_id, name, status, default_timezone, require_consent, voice_provider,
          calling_days, calling_start_minute, calling_end_minute, max_concurrent_calls, started_at, created_by)
        values (${org.id}, ${DEMO_CAMPAIGN_NAME}, ${started ? "active" : "draft"}::public.campaign_status,
          'America/Chicago', true, 'simulator',
          ${`{${DEMO_CALLING_WINDOW.days.join(",")}}`}::int[], ${DEMO_CALLING_WINDOW.startMinute},
          ${DEMO_CALLING_WINDOW.endMinute}, 5, ${started ? sql`now()` : sql`null`}, ${userId})
        returning id`),
    );
    if (!campaign) throw new Error("insert into campaigns returned nothing");
    const rows = JSON.stringify(
      DEMO_LEADS.map(([first, last, company, zone, phone]) => ({ first, last, company, zone, phone })),
    );
    await tx.execute(sql`
      insert into public.leads (org_id, campaign_id, phone, first_name, last_name, company, email, timezone,
        timezone_source, consent, consent_source, consent_at)
      select ${org.id}, ${campaign.id}, r.phone, r.first, r.last, r.company,
        lower(r.first || '.' || r.last || '@example.com'), r.zone, 'column', true, 'demo web form', now()
      from jsonb_to_recordset(${rows}::jsonb) as r(first text, last text, company text, zone text, phone text)`);
    return true;
  }, db);
}
