/**
 * Names of the CWE weaknesses Strider's rules cite, as MITRE's CWE 4.15 list gives them, so
 * `strider rules <id>` can show what each ID means without the full catalog. A test checks
 * that every cited CWE has a name here, and that the names match the list when it is present.
 */
export const CWE_NAMES = {
  'CWE-22': "Improper Limitation of a Pathname to a Restricted Directory ('Path Traversal')",
  'CWE-73': 'External Control of File Name or Path',
  'CWE-77': "Improper Neutralization of Special Elements used in a Command ('Command Injection')",
  'CWE-79': "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')",
  'CWE-89': "Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')",
  'CWE-90': "Improper Neutralization of Special Elements used in an LDAP Query ('LDAP Injection')",
  'CWE-94': "Improper Control of Generation of Code ('Code Injection')",
  'CWE-116': 'Improper Encoding or Escaping of Output',
  'CWE-201': 'Insertion of Sensitive Information Into Sent Data',
  'CWE-250': 'Execution with Unnecessary Privileges',
  'CWE-260': 'Password in Configuration File',
  'CWE-272': 'Least Privilege Violation',
  'CWE-306': 'Missing Authentication for Critical Function',
  'CWE-307': 'Improper Restriction of Excessive Authentication Attempts',
  'CWE-308': 'Use of Single-factor Authentication',
  'CWE-312': 'Cleartext Storage of Sensitive Information',
  'CWE-319': 'Cleartext Transmission of Sensitive Information',
  'CWE-347': 'Improper Verification of Cryptographic Signature',
  'CWE-349': 'Acceptance of Extraneous Untrusted Data With Trusted Data',
  'CWE-352': 'Cross-Site Request Forgery (CSRF)',
  'CWE-353': 'Missing Support for Integrity Check',
  'CWE-359': 'Exposure of Private Personal Information to an Unauthorized Actor',
  'CWE-410': 'Insufficient Resource Pool',
  'CWE-441': "Unintended Proxy or Intermediary ('Confused Deputy')",
  'CWE-494': 'Download of Code Without Integrity Check',
  'CWE-502': 'Deserialization of Untrusted Data',
  'CWE-522': 'Insufficiently Protected Credentials',
  'CWE-530': 'Exposure of Backup File to an Unauthorized Control Sphere',
  'CWE-532': 'Insertion of Sensitive Information into Log File',
  'CWE-552': 'Files or Directories Accessible to External Parties',
  'CWE-611': 'Improper Restriction of XML External Entity Reference',
  'CWE-639': 'Authorization Bypass Through User-Controlled Key',
  'CWE-653': 'Improper Isolation or Compartmentalization',
  'CWE-732': 'Incorrect Permission Assignment for Critical Resource',
  'CWE-749': 'Exposed Dangerous Method or Function',
  'CWE-770': 'Allocation of Resources Without Limits or Throttling',
  'CWE-778': 'Insufficient Logging',
  'CWE-798': 'Use of Hard-coded Credentials',
  'CWE-918': 'Server-Side Request Forgery (SSRF)',
  'CWE-923': 'Improper Restriction of Communication Channel to Intended Endpoints',
  'CWE-924':
    'Improper Enforcement of Message Integrity During Transmission in a Communication Channel',
  'CWE-940': 'Improper Verification of Source of a Communication Channel',
  'CWE-943': 'Improper Neutralization of Special Elements in Data Query Logic',
  'CWE-1104': 'Use of Unmaintained Third Party Components',
  'CWE-1188': 'Initialization of a Resource with an Insecure Default',
  'CWE-1392': 'Use of Default Credentials',
  'CWE-1393': 'Use of Default Password',
  'CWE-1395': 'Dependency on Vulnerable Third-Party Component',
} as const satisfies Record<string, string>;

/** The weakness's name, or undefined for a CWE no rule cites. */
export function cweName(id: string): string | undefined {
  return (CWE_NAMES as Record<string, string>)[id];
}
