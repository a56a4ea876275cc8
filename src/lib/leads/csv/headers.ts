export type LeadField =
  | "phone"
  | "firstName"
  | "lastName"
  | "fullName"
  | "company"
  | "email"
  | "timezone"
  | "consent"
  | "consentSource"
  | "consentAt";

export const LEAD_FIELD_LABELS: Readonly<Record<LeadField, string>> = {
  phone: "Phone",
  firstName: "First name",
  lastName: "Last name",
  fullName: "Full name",
  company: "Company",
  email: "Email",
  timezone: "Time zone",
  consent: "Consent",
  consentSource: "Consent source",
  consentAt: "Consent date",
};

/** Header spellings seen in CRM, Excel and Google Sheets exports, compared by `headerKey`. */
const EXACT: ReadonlyArray<readonly [LeadField, readonly string[]]> = [
  [
    "phone",
    [
      "phone",
      "mobile",
      "cell",
      "phonenumber",
      "mobilephone",
      "mobilenumber",
      "mobilephonenumber",
      "cellphone",
      "cellnumber",
      "tel",
      "telephone",
      "telephonenumber",
      "contactnumber",
      "phoneno",
      "telno",
      "msisdn",
      "telefon",
      "telefono",
      "telefonnummer",
      "handy",
    ],
  ],
  ["firstName", ["firstname", "first", "givenname", "forename", "fname", "vorname", "prenom"]],
  ["lastName", ["lastname", "last", "surname", "familyname", "lname", "nachname"]],
  ["fullName", ["fullname", "name", "contactname", "leadname", "customername"]],
  [
    "company",
    [
      "company",
      "companyname",
      "organization",
      "organisation",
      "accountname",
      "account",
      "business",
      "businessname",
      "firma",
      "unternehmen",
      "empresa",
      "societe",
    ],
  ],
  ["email", ["email", "emailaddress", "mail", "emailid"]],
  ["timezone", ["timezone", "tz", "zone"]],
  [
    "consent",
    ["consent", "optin", "optedin", "consentgiven", "consenttocall", "callconsent", "phoneconsent"],
  ],
  ["consentSource", ["consentsource", "optinsource", "consentmethod"]],
  [
    "consentAt",
    [
      "consentdate",
      "optindate",
      "optedindate",
      "consenttimestamp",
      "consentedat",
      "consenttime",
      "consentat",
    ],
  ],
];

const EXACT_LOOKUP: ReadonlyMap<string, LeadField> = new Map(
  EXACT.flatMap(([field, keys]) => keys.map((key) => [key, field] as const)),
);

/** Lowercase letters and digits only, accents removed: "E-mail Address" → "emailaddress". */
export function headerKey(header: string): string {
  return header
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/** Words of a header, splitting camelCase too: "Work Phone (Direct)" → work, phone, direct. */
function headerWords(header: string): string[] {
  return header
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const has = (words: string[], ...wanted: string[]) => wanted.some((w) => words.includes(w));

/**
 * Looser matching for headers such as "Work Phone", "Lead Email" or "TCPA Consent Date". Words
 * are compared rather than substrings ("cancelled" contains "cell"), and an "opt out" column is
 * never consent: its "yes" means the opposite.
 */
function fuzzyField(header: string): LeadField | null {
  const words = headerWords(header);
  const key = headerKey(header);
  if (has(words, "out", "optout", "unsubscribe", "unsubscribed", "dnc", "donotcall")) return null;
  const aboutSomethingElse = has(
    words,
    "ext",
    "extension",
    "type",
    "fax",
    "country",
    "code",
    "verified",
    "status",
    "carrier",
    "valid",
    "count",
  );

  if (key.includes("consent") || key.includes("optin") || key.includes("optedin")) {
    if (has(words, "source", "method", "channel")) return "consentSource";
    if (has(words, "date", "time", "timestamp", "at", "on", "when")) return "consentAt";
    return aboutSomethingElse ? null : "consent";
  }
  if (key.includes("timezone")) return "timezone";
  if (aboutSomethingElse) return null;
  if (has(words, "phone", "mobile", "cell", "cellphone", "telephone", "tel", "mobilephone")) return "phone";
  if (key.includes("email") || has(words, "mail")) return "email";
  if (has(words, "first", "given") && has(words, "name")) return "firstName";
  if (has(words, "last", "family") && has(words, "name")) return "lastName";
  if (has(words, "full") && has(words, "name")) return "fullName";
  return null;
}

/**
 * A first guess at which column fills which lead field, one entry per header. Each field goes to
 * the first column that looks like it; later look-alikes (a second phone column) stay unmapped
 * and are kept as custom fields.
 */
export function guessMapping(headers: string[]): (LeadField | null)[] {
  const taken = new Set<LeadField>();
  return headers.map((header) => {
    const field = EXACT_LOOKUP.get(headerKey(header)) ?? fuzzyField(header);
    if (field === null || taken.has(field)) return null;
    taken.add(field);
    return field;
  });
}

/** Problems that stop an import with this mapping; empty when it can go ahead. */
export function mappingErrors(headers: string[], mapping: readonly (LeadField | null)[]): string[] {
  const errors: string[] = [];
  if (!mapping.includes("phone")) errors.push("no column looks like a phone number: map one");
  const seen = new Map<LeadField, string>();
  mapping.forEach((field, index) => {
    if (field === null) return;
    const header = headers[index] ?? `Column ${index + 1}`;
    const first = seen.get(field);
    if (first === undefined) seen.set(field, header);
    else errors.push(`"${first}" and "${header}" are both mapped to ${LEAD_FIELD_LABELS[field]}: keep one`);
  });
  return errors;
}

/**
 * Header names usable as custom-field keys: blank headers become "Column 5" (1-based, as a
 * spreadsheet user counts), repeated names get " (2)", " (3)" (compared case-insensitively, since
 * "Notes" and "notes" would read as the same variable to a person).
 */
export function uniqueHeaderNames(headers: readonly string[]): string[] {
  const used = new Set<string>();
  return headers.map((raw, index) => {
    const base = raw.trim() === "" ? `Column ${index + 1}` : raw.trim();
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base} (${n})`;
    used.add(name.toLowerCase());
    return name;
  });
}
