/**
 * What a security policy offers people who find a vulnerability: the private routes it names, and
 * what is left of a template nobody filled in.
 */

export type ContactKind = 'email' | 'url' | 'github-private-reporting';

export interface Contact {
  kind: ContactKind;
  value: string;
  line: number;
}

export interface Placeholder {
  text: string;
  line: number;
}

const EMAIL = /(?<![\w.+-])(?:mailto:)?([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g;
const URL = /https:\/\/[^\s<>()[\]"'`]+/g;
/** GitHub's private vulnerability reporting, however a policy refers to it. */
const PRIVATE_REPORTING =
  /private vulnerability report|security\/advisories\/new|report a vulnerability["'”]? (?:button|tab|link|form)|security advisor(?:y|ies)|security tab|Security\s*(?:→|->|>|&gt;)\s*(?:Advisories|Report a vulnerability)/i;
/** A URL is a reporting route when it is a form, a disclosure platform or a security page, not a link to docs. */
const REPORTING_URL =
  /security|vulnerab|disclos|report|vdp|bug-?bounty|hackerone\.com|bugcrowd\.com|intigriti\.com|yeswehack\.com|forms\.|\/forms?\/|contact/i;
/** Addresses and hosts that only stand in for a real one. */
const PLACEHOLDER_ADDRESS =
  /@(?:example|domain|yourdomain|your-domain|company|yourcompany|email|test)\.|^(?:you|your|user|name|email|someone|contact)[._-]?(?:name|email)?@|@localhost$/i;
const PLACEHOLDER_URL = /example\.(?:com|org|net)|your-?(?:domain|site|org)|localhost|\{|\}|<|>|\.\.\./i;
/** Reference links that mention security but are not a route to report anything. */
const DOCS_URL =
  /docs\.github\.com|help\.github\.com|owasp\.org|ncsc\.gov\.uk\/collection|rfc-editor\.org|securitytxt\.org|semver\.org|keepachangelog/i;

/**
 * A GitHub page other than a repository's security pages (its code, issues, discussions): public,
 * so not a private route, whatever the link's text says ("Contact UK Trade & Investment").
 */
const PUBLIC_GITHUB_URL = /^https:\/\/github\.com\/(?![^/]+\/[^/]+\/security(?:\/|$))/i;

/**
 * Template text: GitHub's default SECURITY.md, bracketed or angled placeholders, TODO markers.
 * https://docs.github.com/en/code-security/getting-started/adding-a-security-policy-to-your-repository
 */
const PLACEHOLDER_TEXT = [
  /Use this section to tell people how to report a vulnerability/i,
  /Tell them where to go, how often they can expect to get an update/i,
  /Use this section to tell people about which versions of your project are/i,
  /\b(?:TODO|TBD|TBC|FIXME|XXX)\b/,
  // `[email us](mailto:…)` is a link and `<contact@agency.gov.uk>` an autolink, not placeholders.
  /\[(?:insert|add|your|email|contact)[^\]]*\](?!\()/i,
  /<(?:insert|add|your|email|contact)(?![^>]*[@:])[^>]*>/i,
  /\{\{?\s*(?:email|contact)[^}]*\}\}?/i,
];

export function findContacts(text: string): Contact[] {
  const contacts: Contact[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    for (const m of line.matchAll(EMAIL)) {
      const address = m[1] ?? '';
      if (!PLACEHOLDER_ADDRESS.test(address) && !/\.(?:png|jpe?g|svg|gif)$/i.test(address))
        contacts.push({ kind: 'email', value: address, line: i + 1 });
    }
    for (const m of line.matchAll(URL)) {
      const url = m[0].replace(/[.,;:]+$/, '');
      if (PLACEHOLDER_URL.test(url) || DOCS_URL.test(url) || PUBLIC_GITHUB_URL.test(url)) continue;
      if (/\/security\/advisories\/new\b/.test(url))
        contacts.push({ kind: 'github-private-reporting', value: url, line: i + 1 });
      else if (REPORTING_URL.test(url) || REPORTING_URL.test(line.replace(url, '')))
        contacts.push({ kind: 'url', value: url, line: i + 1 });
    }
    if (PRIVATE_REPORTING.test(line) && !contacts.some((c) => c.kind === 'github-private-reporting'))
      contacts.push({
        kind: 'github-private-reporting',
        value: 'GitHub private vulnerability reporting',
        line: i + 1,
      });
  });
  return contacts;
}

export function findPlaceholders(text: string): Placeholder[] {
  const found: Placeholder[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    for (const re of PLACEHOLDER_TEXT) {
      const m = re.exec(line);
      if (m) {
        found.push({ text: m[0].slice(0, 60), line: i + 1 });
        break;
      }
    }
  });
  return found;
}
